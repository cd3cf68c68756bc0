"""zhnews: an open, local intelligence system for Chinese industry news."""

__version__ = "0.1.0"
