"""The grader's judges of inverted dropout, and the caches its backward-pass cases are built from.

One call shows whether a dropout forward pass is consistent (utils/dropout_checks.py,
shared with the learner check). Whether its masks are random needs several calls
under seeds the grader chooses: `randomness_problems` looks at all of a test's
results together. A correct dropout keeps each hidden unit of each example
independently with probability keep_prob, with draws taken from numpy's global
generator. Hence, with the same inputs,
- the same seed gives the same masks (np.random.seed reproduces them);
- different seeds give masks that agree only as often as independent coins do;
and within one mask, and between the two layers' masks, entries at any distance
are uncorrelated. The tests below measure correlations and reject only far beyond
what chance allows (bounds in `_limit`), so any valid way of drawing the masks
(rand, binomial, another order or shape) passes, while fixed patterns, masks
shared by examples, units, layers or calls, and reseeding fail.
"""
import numpy as np

from utils.activations import relu, sigmoid
from utils.compare import Problem, compare_arrays
from utils.dropout_checks import MIN_UNITS_FOR_RATE, forward_problems, masks_match, unpack

# Probability that one family of correlation tests (one mask, or one pair of masks, over every lag)
# rejects a correct implementation. A test runs at most a few dozen families, so a correct submission
# fails the randomness judge with probability below 1e-10.
FAMILY_FALSE_ALARM = 1e-12
# Correlations are only informative when the allowed one is well below 1 (the masks are large enough).
MAX_USEFUL_LIMIT = 0.5


def make_cache(X, parameters, keep_prob, rng):
    """A consistent dropout cache for inputs of a backward-pass case, masks drawn from `rng`.

    Inputs:
    - X: (n0, m); parameters: dict W1..b3; keep_prob: float; rng: np.random.RandomState.

    Returns:
    - cache: tuple in utils.dropout_checks.CACHE_KEYS order, with boolean masks D1, D2.
    """
    Z1 = parameters["W1"] @ X + parameters["b1"]
    D1 = rng.rand(*Z1.shape) < keep_prob
    A1 = relu(Z1) * D1 / keep_prob
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    D2 = rng.rand(*Z2.shape) < keep_prob
    A2 = relu(Z2) * D2 / keep_prob
    Z3 = parameters["W3"] @ A2 + parameters["b3"]
    A3 = sigmoid(Z3)
    return (Z1, D1, A1, parameters["W1"], parameters["b1"], Z2, D2, A2, parameters["W2"], parameters["b2"],
            Z3, A3, parameters["W3"], parameters["b3"])


class Forward:
    """Judge of a dropout forward pass (X, parameters, keep_prob) -> (A3, cache).

    Per call: the properties always (utils/dropout_checks.py), the expected values too when the masks
    are the course's (any valid draw order earns full marks). Across calls (`across`): whether the
    masks are random. In the notebook (`notebook_problems`): whether the masks follow np.random.seed.
    """

    def __init__(self, rtol=1e-7, atol=1e-10):
        self.rtol, self.atol = rtol, atol

    @staticmethod
    def across(cases, results):
        return randomness_problems(cases, results)

    @staticmethod
    def _canonical(expected):
        """(A3, {"D1", "D2"}) of a reference result (A3, cache) or of a published {"A3", "D1", "D2"}."""
        if isinstance(expected, dict):
            return expected["A3"], {"D1": expected["D1"], "D2": expected["D2"]}
        A3, cache = expected
        return A3, {"D1": cache[1], "D2": cache[6]}

    def __call__(self, got, expected, reveal, args):
        X, parameters, keep_prob = args
        problems = forward_problems(X, parameters, keep_prob, got, rtol=self.rtol, atol=self.atol)
        if problems:
            return problems
        A3, masks = self._canonical(expected)
        if masks_match(got, masks):
            return compare_arrays("A3", got[0], A3, self.rtol, self.atol, reveal)
        return []

    def error_size(self, got, expected):
        A3, masks = self._canonical(expected)
        if not masks_match(got, masks):
            return 0.0
        return float(np.max(np.abs(got[0] - A3) / np.maximum(np.abs(A3), self.atol / self.rtol)))

    def named_values(self, expected):
        A3, masks = self._canonical(expected)
        return {"A3": A3, **masks}

    def notebook_problems(self, rerun, case, got):
        """(problems, note) the published case shows when called again: rerun(seed) -> result after np.random.seed(seed)."""
        problems = _mask_seed_problems(rerun, case.seed, got)
        if problems or masks_match(got, self._canonical(case.expect)[1]):
            return problems, ""
        return [], ("Your masks differ from the course's draw order, so your numbers differ from the expected output; "
                    "every property of a correct inverted dropout holds, and that is what is graded.")


OTHER_SEEDS = (2, 3, 4)   # the notebook's check calls again after these seeds


def _masks(result):
    _, cache, problems = unpack(result)
    return None if problems else (cache["D1"], cache["D2"])


def _same_masks(first, second):
    return second is not None and all(np.array_equal(a, b) for a, b in zip(first, second))


def _mask_seed_problems(rerun, seed, result):
    """Masks must follow numpy's global generator: the same seed gives the same masks, other seeds others."""
    mine = _masks(result)
    if not _same_masks(mine, _masks(rerun(seed))):
        return [Problem("D1", "values", f"two calls after np.random.seed({seed}) gave different masks: draw "
                                        f"them with np.random (rand or binomial), which np.random.seed controls, "
                                        f"not with default_rng() or a generator seeded from the clock")]
    if all(_same_masks(mine, _masks(rerun(other))) for other in OTHER_SEEDS):
        units = sum(m.size for m in mine)
        return [Problem("D1", "values", f"after np.random.seed(s) for s = {seed}, "
                                        f"{', '.join(map(str, OTHER_SEEDS))} all {units} mask entries come out "
                                        f"the same (random masks would differ somewhere, except with probability "
                                        f"below 1e-6): the masks do not depend on the random generator, as when "
                                        f"they follow a fixed pattern or np.random.seed is called inside the function")]
    return []


def _limit(units, keep_prob, terms_per_entry):
    """Largest |correlation| a correct mask (or pair of masks) shows at any of `units` lags, but with
    probability FAMILY_FALSE_ALARM.

    With x = D - keep_prob (mean 0, |x| <= c = max(p, 1 - p)), a lag's sum S of products x_i x_j
    changes by at most terms_per_entry * c when one entry changes, so McDiarmid's inequality gives
    P(|S| >= t) <= 2 exp(-2 t^2 / (E (terms_per_entry c)^2)) over the E entries involved, and a union
    bound covers every lag. The correlation is S / (units p (1 - p)).
    """
    p = keep_prob
    c = max(p, 1 - p)
    entries = units * (2 if terms_per_entry == 1 else 1)   # a pair of masks has twice the entries
    t = terms_per_entry * c * np.sqrt(entries * np.log(2 * units / FAMILY_FALSE_ALARM) / 2)
    return float(t / (units * p * (1 - p)))


def _centred(mask, keep_prob):
    return np.asarray(mask, dtype=np.float64).ravel() - keep_prob


def _auto_correlations(x, keep_prob):
    """Circular autocorrelations of x at lags 1 .. len(x) - 1."""
    f = np.fft.rfft(x)
    return np.fft.irfft(f * np.conj(f), n=x.size)[1:] / (x.size * keep_prob * (1 - keep_prob))


def _cross_correlations(x, y, keep_prob):
    """Circular cross-correlations of two equally long sequences at every lag."""
    product = np.fft.rfft(x) * np.conj(np.fft.rfft(y))
    return np.fft.irfft(product, n=x.size) / (x.size * keep_prob * (1 - keep_prob))


def _first_largest(r):
    """The smallest lag among those of largest |correlation| (ties differ only by FFT round-off)."""
    size = np.abs(r)
    return int(np.flatnonzero(size >= size.max() - 1e-9)[0])


def _where(lag, shape):
    """Name the relation between two entries `lag` apart in the row-major flattening of a (units, examples) mask."""
    units, examples = shape
    lag = min(lag, units * examples - lag)
    if lag % examples == 0:
        return f"units {lag // examples} apart, for the same example"
    if lag < examples:
        return f"examples {lag} apart, for the same unit"
    return f"entries {lag} apart in row-major order"


def _structure_problems(key, mask, keep_prob):
    """A mask whose entries are correlated with each other (shared across examples or units, periodic)."""
    x = _centred(mask, keep_prob)
    limit = _limit(x.size, keep_prob, terms_per_entry=2)
    if limit > MAX_USEFUL_LIMIT:
        return []
    r = _auto_correlations(x, keep_prob)
    worst = _first_largest(r)
    if abs(r[worst]) <= limit:
        return []
    return [Problem(key, "values", f"'{key}' is not random: its entries for {_where(worst + 1, np.shape(mask))} "
                                   f"have correlation {r[worst]:.2f} (independent draws stay within "
                                   f"{limit:.2f}); draw one number per unit and per example")]


def _pair_problems(key, first, second, keep_prob, what):
    """Two masks that should be independent but are not (equal, shifted or otherwise related)."""
    n = min(np.size(first), np.size(second))
    x, y = _centred(first, keep_prob)[:n], _centred(second, keep_prob)[:n]
    limit = _limit(n, keep_prob, terms_per_entry=1)
    if limit > MAX_USEFUL_LIMIT:
        return []
    r = _cross_correlations(x, y, keep_prob)
    worst = _first_largest(r)
    if abs(r[worst]) <= limit:
        return []
    shift = "" if worst == 0 else f" (shifted by {worst} entries)"
    return [Problem(key, "values", f"'{key}' {what}: correlation {r[worst]:.2f}{shift}, where independent "
                                   f"masks stay within {limit:.2f}")]


def _inputs_key(args):
    X, parameters, keep_prob = args
    return (np.asarray(X).tobytes(), tuple((k, np.asarray(v).tobytes()) for k, v in sorted(parameters.items())),
            float(keep_prob))


def randomness_problems(cases, results):
    """Problems of a dropout forward pass's masks across all calls of its test (empty when they look random).

    Inputs:
    - cases: the test's autograder.suite.Case objects; args (X, parameters, keep_prob).
    - results: what each call returned, decoded, in the same order.

    Returns:
    - list of utils.compare.Problem naming the mask and what is wrong; at most one per kind.
    """
    masks = []
    for case, result in zip(cases, results):
        _, cache, bad = unpack(result)
        keep_prob = float(case.args[2])
        if bad or not 0 < keep_prob < 1:
            continue
        masks.append((case, keep_prob, {k: np.asarray(cache[k]) for k in ("D1", "D2")}))
    problems = []
    for index, (case, keep_prob, own) in enumerate(masks):
        for other, _, theirs in masks[index + 1:]:
            if case.seed is None or other.seed is None or _inputs_key(case.args) != _inputs_key(other.args):
                continue
            if case.seed == other.seed:
                if not all(np.array_equal(own[k], theirs[k]) for k in own):
                    problems.append(Problem("D1", "values", "two calls with the same inputs after the same "
                                                            "np.random.seed gave different masks: draw them from "
                                                            "np.random, which the seed controls"))
                continue
            for key in own:
                problems += _pair_problems(key, own[key], theirs[key], keep_prob,
                                           "does not change with the random generator's state (two calls with "
                                           "the same inputs after different seeds)")
    # Within one call, after what the seeds show (a mask that ignores the generator is mostly also structured).
    for case, keep_prob, own in masks:
        if min(m.size for m in own.values()) < MIN_UNITS_FOR_RATE:
            continue
        problems += _pair_problems("D2", own["D1"], own["D2"], keep_prob, "repeats D1 of the same call")
        for key, mask in own.items():
            problems += _structure_problems(key, mask, keep_prob)
    unique = {}
    for problem in problems:
        unique.setdefault(problem.message.split(":")[0], problem)
    return list(unique.values())
