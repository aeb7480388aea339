"""Rendering of neutral `Outgoing` messages within a channel's limits, without its library.

A channel adapter sends what a renderer returns; tests render every handler's output through
the renderers of channels that do not run yet, so features stay within their limits.
"""
