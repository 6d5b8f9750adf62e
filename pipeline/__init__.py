"""xxgk: 政府信息公开工作年度报告 → canonical tables → checked Parquet datasets.

The flow: ``pipeline.read`` (file → Document) → ``pipeline.tables`` (Document →
canonical cells) → ``pipeline.checks`` (identities → flags) → ``pipeline.load``
(Parquet datasets).
"""

__version__ = "0.1.0"

# Bumped whenever extraction output may change for the same input bytes, so that
# rows made by an older extractor can be found and re-made.
EXTRACTOR_VERSION = "1"
