"""reportlab output: GB/T 9704 documents, the 收文 办理单, and the seal drawing.

Entry points (imported from their modules, so that importing this package stays cheap):
``document.render_document`` / ``schema.parse_spec`` (公文 → PDF), ``form.render_processing_form``
(收文处理单), ``seal.draw_seal`` / ``seal.draw_seal_image``, ``fonts.resolve_fonts``. docs/render.md
describes the JSON input and the layout rules; ``layout`` holds every number.
"""
