"""Realistic sample scans with ground truth, for the demo, tests and benchmarks.

- `samples.batch.generate_batch(outdir, seed)`: a batch of scanned dossiers + ground_truth.json
- `samples.batch.render_document(doc_type, citizen, rng)`: one clean document's pages and truth
- `samples.batch.write_pdf / write_tiff / write_image`: scanner-like image files
- `samples.models`: the ground-truth schema (Citizen, DocTruth, PageTruth, FileTruth, GroundTruth)
- `samples.people`: synthetic citizens with valid CCCD numbers
- `samples.content`, `samples.cards`: document templates; `samples.degrade`: scan defects
"""
