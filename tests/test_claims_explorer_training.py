"""The claims of the explorer in motion (docs/after/explorer.md, "Watch them train")."""

import re
from pathlib import Path

import pytest

SNIPPETS = Path(__file__).resolve().parents[1] / "snippets" / "after"
ACTIVATIONS = {"sigmoid": [0.1, 0.5], "tanh": [0.02, 0.1], "relu": [0.01, 0.05]}
INITS = ["normal", "scaled_normal", "xavier", "he"]
CELL = re.compile(r'^activation, init, learning_rates = "(\w+)", "(\w+)", (\[.*\])$', re.M)


def section(text, name):
    return text.split(f"# --8<-- [start:{name}]\n")[1].split(f"# --8<-- [end:{name}]")[0]


@pytest.fixture(scope="module")
def cell(snippet_values):
    return lambda activation, init: snippet_values(f"after/explorer_training_{activation}_{init}")


def test_twelve_snippets_with_the_same_code_cover_the_grid():
    files = sorted(SNIPPETS.glob("explorer_training_*.py"))
    assert len(files) == 12
    cells, bodies = set(), set()
    for path in files:
        text = path.read_text(encoding="utf-8")
        activation, init, rates = CELL.search(text).groups()
        assert path.stem == f"explorer_training_{activation}_{init}"
        assert eval(rates) == ACTIVATIONS[activation] and init in INITS  # noqa: S307
        cells.add((activation, init))
        # Everything but the docstring, the line naming the cell and the one figure.
        body = CELL.sub("", text.split("\n", 1)[1]).split("\n# %% [markdown]\n# The lab's")[0]
        bodies.add(body.replace("import matplotlib.pyplot as plt\n", ""))
    assert cells == {(a, i) for a in ACTIVATIONS for i in INITS}
    # That same code trains and summarises with the shared module, defining nothing itself.
    (body,) = bodies
    assert "from _explorer_training import report, summarize, train_cell\n" in body
    assert "\nruns, training = train_cell(activation, init, learning_rates)\n" in body
    assert ") = summarize(runs)\n" in body and "def " not in body
    # The page shows the training loop from the shared module's named section.
    train = section((SNIPPETS / "_explorer_training.py").read_text(encoding="utf-8"), "train")
    assert "def train_cell(activation, init, learning_rates):" in train and "gl.train(" in train


def test_every_run_of_a_cell_is_complete(cell):
    values = cell("sigmoid", "scaled_normal")
    t = values["training"]
    assert (t["epochs"], t["width"], t["batch_size"], t["probe"], t["n_test"]) == \
        (60, 30, 10, 1000, 450)
    assert list(t["runs"]) == ["0.1", "0.5"] and t["depths"] == [2, 4, 6]
    for by_depth in t["runs"].values():
        for depth, run in by_depth.items():
            assert len(run["accuracy"]) == len(run["speed"]) == 61
            assert all(len(s) == int(depth) for s in run["speed"])


def test_the_lab_network_leaves_its_plateau_and_the_ratio_collapses(cell):
    v = cell("sigmoid", "scaled_normal")
    key = "0.5, 4 layers"
    accuracy = v["training"]["runs"]["0.5"]["4"]["accuracy"]
    # On the plateau: a guess's accuracy, the last layer far faster than the first.
    assert max(accuracy[:11]) < 0.2
    assert v["ratio_at_start"][key] > 50 and v["ratio_by_block"][key][0] > 20
    # Off it: the accuracy climbs past 50% and the ratio falls through 1 on the way.
    assert 15 < v["leaves_plateau"][key] < 50 and v["final_accuracy"][key] > 0.9
    assert v["ratio_by_block"][key][2] < 2 and v["ratio_by_block"][key][5] < 1


def test_a_fifth_of_the_step_stays_on_the_plateau(cell):
    v = cell("sigmoid", "scaled_normal")
    key = "0.1, 4 layers"
    assert key not in v["leaves_plateau"] and v["final_accuracy"][key] < 0.2
    assert v["ratio_by_block"][key][5] > 5
    assert v["leaves_plateau"]["0.1, 2 layers"] < 20


def test_six_sigmoid_layers_train_only_with_large_weights(cell):
    key = "0.5, 6 layers"
    for init in ["scaled_normal", "xavier", "he"]:
        v = cell("sigmoid", init)
        assert key not in v["leaves_plateau"] and v["final_accuracy"][key] < 0.2, init
        assert v["ratio_by_block"][key][5] > 100, init
    normal = cell("sigmoid", "normal")
    assert normal["leaves_plateau"][key] < 10 and normal["final_accuracy"][key] > 0.9
    assert normal["ratio_at_start"][key] < 10 < cell("sigmoid", "scaled_normal")[
        "ratio_at_start"][key]


def test_relu_with_large_weights_dies_or_diverges(cell):
    v = cell("relu", "normal")
    assert v["final_accuracy"]["0.05, 2 layers"] > 0.85
    assert v["ratio_at_start"]["0.05, 2 layers"] < 1
    assert v["all_dead"]["0.05, 4 layers"] == 1 and v["final_accuracy"]["0.05, 4 layers"] < 0.2
    assert set(v["diverged"]) == {"0.01, 6 layers", "0.05, 6 layers"}
    assert "training diverged at epoch 1" in v["diverged"]["0.01, 6 layers"]
    he = cell("relu", "he")
    assert not he["diverged"] and not he["all_dead"]
    assert all(he["final_accuracy"][f"0.05, {d} layers"] > 0.9 for d in [2, 4, 6])
