"""Generated sample reports with known ground truth.

Numbers are drawn first (``make_report``), then printed as HTML, PDF, DOCX or
text; the truth is what is printed, so an extractor must return it exactly.
"""

from pipeline.samples.corpus import SampleTruth, generate_corpus
from pipeline.samples.identities import failing_checks
from pipeline.samples.numbers import ReportNumbers, make_report
from pipeline.samples.render_docx import render_docx
from pipeline.samples.render_html import render_html
from pipeline.samples.render_pdf import render_pdf
from pipeline.samples.render_text import render_text

__all__ = ["ReportNumbers", "SampleTruth", "failing_checks", "generate_corpus", "make_report",
           "render_docx", "render_html", "render_pdf", "render_text"]
