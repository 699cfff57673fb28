"""mlfootprint: rebuild the published compute, energy and carbon numbers of ML training from sourced data."""

__version__ = "0.1.0"
