"""Training compute by the two methods of *AI and Compute* (Amodei & Hernandez 2018, appendix).

Both return FLOP and accept floats, numpy arrays or pandas columns.
"""

from .checks import finite_result, number
from .units import days_to_seconds

FLOP_PER_MULTIPLY_ADD = 2
"""One multiply-add is two floating-point operations (OpenAI's "2 add-multiply" factor)."""

FORWARD_BACKWARD_FACTOR = 3
"""A training step costs about 3 forward passes: the backward pass about twice the forward (OpenAI appendix)."""

OPENAI_GPU_UTILIZATION = 0.33
"""Share of peak FLOP/s that OpenAI assumes GPUs achieve ("33% utilization for GPUs", AI and Compute, 2018)."""


def hardware_time_flop(n_gpus, peak_flop_per_s, days, utilization):
    """Method 2, "GPU time": GPUs x peak FLOP/s x training time (s) x utilization. Returns FLOP."""
    number("n_gpus", n_gpus, 1, integer=True)
    number("peak_flop_per_s", peak_flop_per_s, 0, low_open=True)
    number("days", days, 0, low_open=True)
    number("utilization", utilization, 0, 1, low_open=True)
    return finite_result("training compute (FLOP)", n_gpus * peak_flop_per_s * days_to_seconds(days) * utilization)


def operation_count_flop(
    n_examples, epochs, forward_multiply_adds_per_example,
    flop_per_multiply_add=FLOP_PER_MULTIPLY_ADD, forward_backward_factor=FORWARD_BACKWARD_FACTOR,
):
    """Method 1, "counting operations": examples x epochs x forward cost x 2 (FLOP per multiply-add)
    x 3 (forward + backward). The forward cost is in multiply-adds per example, as OpenAI counts it.
    Returns FLOP.
    """
    number("n_examples", n_examples, 0, low_open=True)
    number("epochs", epochs, 0, low_open=True)
    number("forward_multiply_adds_per_example", forward_multiply_adds_per_example, 0, low_open=True)
    number("flop_per_multiply_add", flop_per_multiply_add, 1)
    number("forward_backward_factor", forward_backward_factor, 1)
    return finite_result("training compute (FLOP)", n_examples * epochs * forward_multiply_adds_per_example
                         * flop_per_multiply_add * forward_backward_factor)
