"""What the Initialization grader tells students: the mistake, never the hidden cases."""
from conftest import declared_test

# The hidden sizes, as the source notebook declares them: (layers_dims, seed).
HIDDEN = [(case.args[0], case.seed) for case in declared_test("initialization", "initialize_parameters_he").cases
          if not case.visible]


def test_hard_coding_the_visible_case_earns_nothing(graded_class):
    report = graded_class("initialization")["report"]
    for scenario, test_id in (("zeros-hardcodes-visible-case", "test_initialize_parameters_zeros"),
                              ("random-hardcodes-visible-case", "test_initialize_parameters_random"),
                              ("he-hardcodes-visible-cases", "test_initialize_parameters_he")):
        test = report[f"wrong-{scenario}"]["tests"][test_id]
        wrong, total = map(int, test["message"].split(" cases wrong")[0].split(" of "))
        assert test["points"] == 0 and wrong >= len(HIDDEN) and total > len(HIDDEN)


def test_feedback_names_the_mistake_without_hidden_values(graded_class):
    report = graded_class("initialization")["report"]
    xavier = report["wrong-he-uses-xavier-scale"]["tests"]["test_initialize_parameters_he"]
    assert "0.7071 times the expected" in xavier["message"] and "Hint:" in xavier["message"]
    forgets_seed = report["wrong-random-forgets-seed"]["tests"]["test_initialize_parameters_random"]
    assert "np.random.seed(3)" in forgets_seed["message"]
    for entry in report.values():
        for test in entry["tests"].values():
            for dims, _ in HIDDEN:
                assert f"case {dims}" not in test["message"]
            assert "[300, 200, 1]" not in test["message"] and "[5, 4, 3, 2, 1]" not in test["message"]
