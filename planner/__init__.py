"""Preparation-for-adulthood transition planner for young people with SEND in England (14 to 25)."""

__version__ = "0.1.0"
