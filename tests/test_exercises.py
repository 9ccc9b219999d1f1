"""The exercises: every solution passes its checker, every starter fails it helpfully,
and common mistakes get the message that names them."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from exercises import SECTIONS, exercises
from exercises.__main__ import main
from exercises.checking import run

ROOT = Path(__file__).resolve().parents[1]
EXERCISES = exercises()
#: The page that ends each section with its exercises.
PAGES = {"training": "training/index.md", "gradients": "gradients/index.md",
         "backprop": "backprop/index.md", "vanishing": "vanishing/exercises.md",
         "exploding": "exploding/index.md", "breakthroughs": "breakthroughs/exercises.md",
         "after": "after/index.md"}


@pytest.mark.parametrize("name", EXERCISES)
def test_the_solution_passes(name):
    ok, report = run(EXERCISES[name], EXERCISES[name].solution)
    assert ok, report
    assert report.startswith(f"PASS {name}")


@pytest.mark.parametrize("name", EXERCISES)
def test_the_unchanged_starter_fails_and_says_what_to_do(name):
    exercise = EXERCISES[name]
    ok, report = run(exercise)
    assert not ok
    assert report.startswith(f"FAIL {name}: ")
    if name == "initialise":  # a starter that runs, and trains nothing
        assert re.search(r"classifies \d+\.\d% of the held-out digits correctly, below the "
                         r"50% needed", report), report
        assert "the gradient vanishes" in report
    else:
        assert (f"{exercise.function}() in exercises/{exercise.section}/{name}.py is not "
                "written yet") in report, report
        assert "NotImplementedError" in report and "Replace that line" in report


def test_every_section_has_at_least_two_coding_exercises():
    counts = {section: sum(e.section == section for e in EXERCISES.values())
              for section in SECTIONS}
    assert all(n >= 2 for n in counts.values()), counts


@pytest.mark.parametrize("name", EXERCISES)
def test_starter_and_solution_define_the_same_function(name):
    # The same signature and docstring: the solution answers the starter's question.
    exercise = EXERCISES[name]

    def signature(path):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        function = next(n for n in tree.body if isinstance(n, ast.FunctionDef))
        return function.name, ast.dump(function.args), ast.get_docstring(function)

    assert signature(exercise.starter) == signature(exercise.solution)
    assert signature(exercise.starter)[0] == exercise.function


@pytest.mark.parametrize("name", EXERCISES)
def test_each_exercise_is_on_its_sections_page_with_its_solution(name):
    exercise = EXERCISES[name]
    page = (ROOT / "docs" / PAGES[exercise.section]).read_text(encoding="utf-8")
    assert f"python -m exercises check {name}`" in page
    assert f'--8<-- "exercises/{exercise.section}/solutions/{name}.py:solution"' in page
    assert f"exercises/{exercise.section}/{name}.py" in page


def test_the_initialise_exercise_states_the_checkers_settings():
    from exercises.checkers import vanishing

    page = " ".join((ROOT / "docs" / PAGES["vanishing"]).read_text(encoding="utf-8").split())
    for said in (f"for {vanishing.EPOCHS} epochs", f"learning rate {vanishing.LEARNING_RATE}",
                 f"batches of {vanishing.BATCH_SIZE}", f"on {vanishing.N_TRAIN} training digits",
                 f"nine hidden layers of {vanishing.DEEP_SIZES[1]}"):
        assert said in page, said
    assert vanishing.TARGET == 0.5 and "at least half of those digits" in page
    assert len(vanishing.DEEP_SIZES) - 1 == 10


# Wrong answers, written as edits of the solution, and what the checker must say.
MISTAKES = [
    ("cross_entropy", "axis=1)\n    return float(per_example.mean())",
     "axis=1)\n    return float(per_example.sum())", "the sum over the batch"),
    ("cross_entropy", "return float(per_example.mean())", "return per_example",
     "returned an array of shape (6,)"),
    ("cross_entropy", "return float(per_example.mean())",
     "return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))",
     "the mean over every entry"),
    ("output_delta", "return A - Y  # sigma'(z) cancels", "return (A - Y) * A * (1 - A)",
     "with the cross-entropy it cancels"),
    ("softmax_delta", "np.exp(Z - Z.max(axis=1, keepdims=True))", "np.exp(Z)",
     "exp(1000) overflows"),
    ("softmax_delta", "return A - Y", "return A", "without the target"),
    ("gradient_descent", "path = [np.array(w0, dtype=float)]\n",
     "path = [np.array(w0, dtype=float)]\n    path_ = path\n",
     None),  # not a mistake: still passes (checks the edit machinery)
    ("gradient_descent", "return np.array(path)", "return np.array(path[1:])",
     "your path has 40 rows, expected 41: the first row is the start w0"),
    ("gradient_descent", "path[-1] - learning_rate", "path[-1] + learning_rate",
     "Your path climbs"),
    ("numerical_gradient", "        w[i] = kept  # put it back", "        pass  # put it back",
     "your function changed w: w[0]"),
    ("numerical_gradient", "w[i] = kept - eps\n        down = f(w)",
     "w[i] = kept\n        down = f(w)\n        up, down = 2 * up, 2 * down",
     "one-sided difference"),
    ("bp2_tanh", "(1 - np.tanh(Z) ** 2)", "(1 / (1 + np.exp(-Z))) * (1 - 1 / (1 + np.exp(-Z)))",
     "your delta for layer 2 differs from backprop's at"),
    ("bp2_tanh", "return (delta_next @ W_next.T) * (1 - np.tanh(Z) ** 2)",
     "return delta_next", "your delta for layer 2 has shape (10, 4), expected (10, 10)"),
    ("bp2_tanh", "return (delta_next @ W_next.T)", "(delta_next @ W_next.T)",
     "your delta for layer 2 is None: does your function end with a return statement?"),
    ("initialise", "W[...] = 4 * rng", "W[...] = np.nan * rng", "layer 0 starts with nan or inf"),
    ("bp2_tanh", "return (delta_next @ W_next.T)", "return (delta_next @ W_next)",
     "bp2_tanh() raised ValueError"),
    ("backprop", "grad_W[l] = A[l].T @ delta / n", "grad_W[l] = A[l].T @ delta",
     "your gradient for W[0] of the [5, 7, 3] network differs from backprop's at"),
    ("backprop", "grad_W[l] = A[l].T @ delta / n", "grad_W[l] = A[l].T @ delta",
     "divide by the number of examples, 8"),
    ("backprop", "return grad_W, grad_b", "return grad_W[:-1], grad_b",
     "grad_W should be a list of 2 arrays"),
    ("chain_gradient", "return grad", "return grad[::-1]", "reverse order"),
    ("initialise", "W[...] = 4 * rng", "W[...] = 0.1 * rng", "below the 50% needed"),
    ("initialise", "W[...] = 4 * rng.standard_normal(W.shape) / np.sqrt(n_in)",
     "W = 4 * rng.standard_normal(W.shape) / np.sqrt(n_in)", "left every weight as it was"),
    ("cancelling_biases", "a = 0.5  # sigmoid(0): the input of the next neuron", "pass",
     "neuron 2 of the chain with weights"),
    ("clip_by_norm", "return [g * scale for g in grads]",
     "return [g * min(1, max_norm / np.linalg.norm(g)) for g in grads]",
     "clipped each array by its own norm"),
    ("clip_by_norm", "return [g * scale for g in grads]",
     "for g in grads:\n        g *= scale\n    return grads", "changed the arrays it was given"),
    ("cd1_gradient", "H = (rng.random(P0.shape) < P0).astype(float)", "H = P0",
     "skips the sampling"),
    ("cd1_gradient", "return (V.T @ P0 - V1.T @ P1) / n", "return (V1.T @ P1 - V.T @ P0) / n",
     "your grad_W for a batch of 20 differs from gradlib's RBM.gradient_estimate"),
    ("free_energy", "np.logaddexp(0, V @ W + b_hidden)", "np.log(1 + np.exp(V @ W + b_hidden))",
     "np.logaddexp(0, x)"),
    ("batch_norm", "mu = S.mean(axis=0)", "mu = S.mean(axis=1, keepdims=True)",
     "your output for a batch of 16 examples of 6 units differs"),
    ("batch_norm", "v = S.var(axis=0)", "v = S.var(axis=0, ddof=1)", "unbiased variance"),
    ("batch_norm", "np.sqrt(v + eps)", "np.sqrt(v)", "holds nan at [0, 2]"),
    ("he_normal", "np.sqrt(2 / n_in)", "np.sqrt(1 / n_in)", "that is Xavier's 1 / n_in"),
    ("he_normal", "W = rng.standard_normal((n_in, n_out))",
     "W = np.random.default_rng().standard_normal((n_in, n_out))",
     "draw only from rng"),
]


@pytest.mark.parametrize(("name", "old", "new", "message"), MISTAKES,
                         ids=[f"{m[0]}-{i}" for i, m in enumerate(MISTAKES)])
def test_a_common_mistake_gets_a_message_that_names_it(tmp_path, name, old, new, message):
    source = EXERCISES[name].solution.read_text(encoding="utf-8")
    assert source.count(old) == 1, f"the edit does not fit the solution of {name}"
    answer = tmp_path / f"{name}.py"
    answer.write_text(source.replace(old, new), encoding="utf-8")
    ok, report = run(EXERCISES[name], answer)
    if message is None:
        assert ok, report
    else:
        assert not ok
        assert message in report, report


def test_a_file_that_does_not_parse_or_lacks_the_function(tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("def bp2_tanh(delta_next, W_next, Z)\n    return 0\n")
    assert "does not parse, line 1" in run(EXERCISES["bp2_tanh"], broken)[1]
    renamed = tmp_path / "renamed.py"
    renamed.write_text("def bp2(delta_next, W_next, Z):\n    return 0\n")
    assert "has no function bp2_tanh()" in run(EXERCISES["bp2_tanh"], renamed)[1]
    missing = tmp_path / "missing.py"
    assert "there is no file" in run(EXERCISES["bp2_tanh"], missing)[1]


def test_an_exception_in_the_readers_code_names_its_line(tmp_path):
    answer = tmp_path / "bp2_tanh.py"
    answer.write_text("import numpy as np\n\n\ndef bp2_tanh(delta_next, W_next, Z):\n"
                      "    return delta_next @ W_next\n")
    report = run(EXERCISES["bp2_tanh"], answer)[1]
    assert "bp2_tanh() raised ValueError" in report
    assert "(line 5: return delta_next @ W_next)" in report


def test_the_command_runs_from_the_repository_root():
    done = subprocess.run([sys.executable, "-m", "exercises", "check", "clip_by_norm"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stdout.startswith("FAIL clip_by_norm: clip_by_norm() in "
                                  "exercises/exploding/clip_by_norm.py is not written yet")
    done = subprocess.run([sys.executable, "-m", "exercises", "check", "clip_by_norm",
                           "exercises/exploding/solutions/clip_by_norm.py"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("PASS clip_by_norm")


def test_the_command_line(capsys):
    assert main(["check", "bp2_tanh", str(EXERCISES["bp2_tanh"].solution)]) == 0
    assert "PASS bp2_tanh" in capsys.readouterr().out
    assert main(["check", "bp2_tanh"]) == 1
    assert "FAIL bp2_tanh" in capsys.readouterr().out
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert all(f"exercises/{e.section}/{e.name}.py" in listed for e in EXERCISES.values())
    with pytest.raises(SystemExit):
        main(["check", "no_such_exercise"])
    assert "choose one of: cross_entropy" in capsys.readouterr().err
