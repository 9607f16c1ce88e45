"""Figures of M and the sliding window (PNG/SVG/PDF, TikZ, GIF/MP4, interactive HTML)."""
