"""Upper limits on the sizes a user may ask for, each with the reason it is where it is (quoted in the error).

Light on purpose (no third-party import): the parameter checks of the command line read it before any kernel.
"""

MAX_BOOTSTRAP = 100_000
"""Most bootstrap resamples of a trend interval."""
BOOTSTRAP_LIMIT = "more resamples do not make a 95 % interval more precise, only slower"

MAX_SAMPLES = 1_000_000
"""Most Monte Carlo samples of an estimate."""
SAMPLES_LIMIT = "a million pin the 5-95 % interval to about 0.1 %"

MAX_SEED = 2**32 - 1
"""Largest random seed (numpy's SeedSequence takes any; 32 bits keep seeds short to type and to name folders)."""
