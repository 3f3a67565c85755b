"""``main.py export``: an archived 公文 as one PDF.

A 发文 exports its sealed PDF byte for byte, so ``main.py verify`` still finds the seal valid on
the exported file (re-rendering or merging would break the signature). A 收文 exports its 办理单
(the processing form with every opinion in order), the record the receiving unit files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from app.cli import command, resolve_profile_dir
from app.errors import UserError


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--id", required=True, metavar="ID", help="公文编号 (document id)")
    p.add_argument("-o", "--output", required=True, type=Path, metavar="OUT.pdf")


@command("export", "导出已归档的公文为 PDF (export an archived document)", _export_args)
def cmd_export(args: argparse.Namespace) -> int:
    from app.profile import Profile

    folder = resolve_profile_dir(args)
    if not folder.is_dir():
        raise UserError(f"配置文件夹不存在：{folder}")
    profile = Profile.open(folder, exclusive=False)
    try:
        export(profile.folder, profile.store(), args.id, Path(args.output))
    finally:
        profile.close()
    print(f"已导出：{args.output}")
    return 0


def export(folder: Path, sessions: Any, doc_id: str, output: Path) -> None:
    from app.services import documents
    from app.services.processing_form import form_data
    from app.sync.blobs import BlobStore

    with sessions() as session:
        data = documents.document(session, doc_id)
        if data.get("state") != "archived":
            raise UserError("只能导出已归档的公文（归档后内容只读）")
        sealed = data.get("sealed_pdf")
        form = None if sealed else form_data(session, doc_id, data)
    if sealed:
        source = BlobStore(folder, sessions).path(str(sealed["sha256"]))
        if not source.exists():
            raise UserError("盖章后的 PDF 尚未下载到本机：请联网同步后在公文窗口中打开一次")
        _atomic(output, lambda tmp: shutil.copyfile(source, tmp))
        return
    from app.render.form import render_processing_form

    assert form is not None
    _atomic(output, lambda tmp: render_processing_form(form, tmp))


def _atomic(output: Path, write: Any) -> None:
    """Write through a temporary file: a failure never leaves half a PDF under the name."""
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=output.parent, prefix=".export-", suffix=".pdf")
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.replace(tmp, output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
