"""The held-out evaluation family: scanned dossiers made by a different code path than
`samples/`, for measuring how hoso does on papers it was never built or tuned on.

Nothing in classify/, ocr/, cleanup/ or pipeline/ may import this package, and no model,
rule, threshold or keyword list is fitted on what it makes (tests/test_evalset_apart.py
holds the first by construction). Pages are laid out in HTML and CSS and drawn by Chromium
(samples/ draws with PIL), with other templates, fonts, layouts and scanner faults; its
ground truth is `samples.models.GroundTruth`, so the benchmarks score both families alike.
"""
