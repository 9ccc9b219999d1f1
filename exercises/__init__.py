"""Exercises of the guide, with checkers that say what is wrong.

Each section of the guide ends with coding exercises. Exercise ``<name>`` of
section ``<section>`` is a starter file, ``exercises/<section>/<name>.py``,
with one function to fill in; its worked solution is in
``exercises/<section>/solutions/<name>.py``; its checker, in
:mod:`exercises.checkers`, calls the function on cases whose answers it
knows (most of them computed by ``gradlib``) and says what differs. From the
root of the repository::

    python -m exercises list                 # every exercise and its file
    python -m exercises check bp2_tanh       # check exercises/backprop/bp2_tanh.py
    python -m exercises check bp2_tanh my.py # check another file
"""

from importlib import import_module

#: The sections of the guide, in reading order: the folders under exercises/.
SECTIONS = ("training", "gradients", "backprop", "vanishing", "exploding", "breakthroughs",
            "after")


def exercises():
    """Every exercise, ``{name: Exercise}``, in the order of the guide."""
    found = {}
    for section in SECTIONS:
        for exercise in import_module(f"{__name__}.checkers.{section}").EXERCISES:
            if exercise.name in found:
                raise ValueError(f"two exercises are named {exercise.name!r}")
            found[exercise.name] = exercise
    return found
