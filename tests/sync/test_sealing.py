"""用印 for real: the seal keeper's key in the OS keyring (gnome-keyring), the public key synced to
everyone, the rendered PDF sealed and signed, archived, exported, and verified on another
workstation; a paper 收文 exported as its 办理单 with every opinion."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pdfplumber

from app.services import documents as docs
from app.services.doc_commands import export
from app.services.sealing import register_seal_key, seal_document
from tests.sync.helpers import ServerHandle
from tests.sync.test_docflow import doc, draft_to_number, step
from tests.sync_harness import SyncClient

ROOT = Path(__file__).resolve().parents[2]
Make = Callable[..., SyncClient]


def verify(pdf: Path, profile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "verify", str(pdf), "--profile", str(profile)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_sealed_document_verifies_elsewhere_and_tampering_is_found(
    server: ServerHandle, make_client: Make, tmp_path: Path, real_keyring: None
) -> None:
    clients: dict[str, SyncClient] = {}
    doc_id = draft_to_number(server, make_client, "关于开展校园安全检查的通知", clients=clients)
    guoy = make_client("guoy")
    key_id = guoy.do(register_seal_key, person_id=guoy.person_id, unit_id=server.unit_id("塔教"))
    guoy.sync()
    step(guoy, doc_id, "number")
    guoy.do(
        seal_document,
        folder=guoy.folder,
        sessions=guoy.sessions,
        person_id=guoy.person_id,
        doc_id=doc_id,
        key_id=key_id,
    )
    guoy.sync()
    assert doc(guoy, doc_id)["state"] == "dispatch"
    step(guoy, doc_id, "dispatch")
    step(guoy, doc_id, "archive", retention="永久")

    out = tmp_path / "archived.pdf"
    export(guoy.folder, guoy.sessions, doc_id, out)
    with pdfplumber.open(out) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert "关于开展校园安全检查的通知" in text and "塔教发〔" in text

    # Another workstation (西岭乡's clerk) has the public key by sync: the seal is valid there.
    tianj = make_client("tianj")
    result = verify(out, tianj.folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("有效：塔山市教育局")
    tampered = tmp_path / "tampered.pdf"
    data = bytearray(out.read_bytes())
    data[len(data) // 3] ^= 0x01
    tampered.write_bytes(bytes(data))
    result = verify(tampered, tianj.folder)
    assert result.returncode == 1 and result.stdout.startswith("已篡改")


def test_a_paper_document_exports_its_processing_form(
    server: ServerHandle, make_client: Make, tmp_path: Path
) -> None:
    tianj, caix, jiangs = make_client("tianj"), make_client("caix"), make_client("jiangs")
    in_id: str = tianj.do(
        docs.register_paper,
        person_id=tianj.person_id,
        title="关于报送冬季防火工作情况的函",
        from_unit="塔山市应急管理局",
        doc_number="塔应急函〔2026〕5号",
        doc_type="函",
    )
    tianj.sync()
    step(tianj, in_id, "register")
    step(tianj, in_id, "precheck_pass")
    step(caix, in_id, "propose", next=[server.person_id("jiangs")], opinion="拟请蒋乡长阅示")
    step(jiangs, in_id, "instruct", next=[server.person_id("pand")], opinion="请潘东办理")
    pand = make_client("pand")
    step(pand, in_id, "finish", opinion="已按要求报送")
    step(tianj, in_id, "archive", retention="10年")
    out = tmp_path / "form.pdf"
    export(tianj.folder, tianj.sessions, in_id, out)
    with pdfplumber.open(out) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    wanted = ("收文处理单", "塔山市应急管理局", "拟请蒋乡长阅示", "请潘东办理", "已按要求报送")
    for expected in wanted:
        assert expected in text.replace("\n", ""), expected
