"""用印: render the 公文 with the unit seal, sign it (SM2 over SM3), and queue the 用印 step.

Also how a document record becomes the renderer's input (``render_spec``), shared by the
preview in the document window and the sealed copy, so what is previewed is what is sealed.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import models as m
from app.domain.body import attachment_title, body_paragraphs
from app.domain.document import SECRET_LEVELS, layout_for
from app.errors import UserError
from app.services import documents
from app.services.actors import actor_of, unit_tree
from app.sync.local import write
from app.sync.protocol import Op
from app.sync.records import Data
from app.sync.scoping import agency_in


def _unit_names(session: Session, ids: list[str]) -> list[str]:
    names = dict(session.execute(select(m.Unit.id, m.Unit.name).where(m.Unit.id.in_(ids))).all())
    return [names.get(i, "") for i in ids if names.get(i)]


def _agency(session: Session, unit_id: str | None) -> tuple[str, str]:
    agency = agency_in(unit_id, unit_tree(session))
    if agency is None:
        raise UserError("找不到公文所属机关")
    unit = session.get(m.Unit, agency)
    return agency, unit.name if unit else ""


def render_spec(session: Session, data: Data, *, seal: bool = False) -> dict[str, Any]:
    """The renderer's JSON input (docs/render.md) for a 发文 record."""
    _agency_id, issuer = _agency(session, data.get("unit_id"))
    level = data.get("classification") or ""
    signer = session.get(m.Person, data["signed_by"]) if data.get("signed_by") else None
    sign_date = data.get("sign_date")
    return {
        "layout": layout_for(str(data.get("doc_type") or "通知")),
        "classification": level if level in SECRET_LEVELS else "",
        "classification_period": data.get("classification_period") or ""
        if level in SECRET_LEVELS
        else "",
        "urgency": data.get("urgency") or "",
        "issuers": [issuer],
        "doc_number": data.get("doc_number") or "",
        "signers": [signer.name] if signer and data.get("upward") else [],
        "title": data.get("title") or "",
        "main_recipients": _unit_names(session, list(data.get("main_units") or [])),
        # The typed 附件说明 is drawn from the attachment list, titles without file extensions.
        "body": body_paragraphs(str(data.get("body") or "")),
        "attachments": [attachment_title(str(a["name"])) for a in data.get("attachments") or []],
        "date": sign_date or date.today().isoformat(),
        "seal": seal,
        "note": data.get("note") or "",
        "cc": _unit_names(session, list(data.get("cc_units") or [])),
        "printer": f"{issuer}办公室" if not issuer.endswith("办公室") else issuer,
        "print_date": sign_date or date.today().isoformat(),
    }


def seal_document(
    session: Session, *, folder: Path, sessions: Any, person_id: str, doc_id: str, key_id: str
) -> None:
    """Draw the seal, sign the PDF with the unit key held in this workstation's keyring, add the
    file to the outbox and queue 用印. The file goes to the server before the step naming it."""
    from app.render.document import render_document
    from app.security.pdfsign import sign_pdf
    from app.security.seal_keys import private_key_for
    from app.sync.blobs import BlobStore

    data = documents.document(session, doc_id)
    if data.get("state") != "seal":
        raise UserError("公文尚未到用印环节")
    key = session.get(m.SealKey, key_id)
    if key is None or key.revoked_at:
        raise UserError("印章密钥未登记或已停用")
    agency_id, _name = _agency(session, data.get("unit_id"))
    if key.unit_id != agency_id:
        raise UserError("只能加盖本单位的印章")
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "doc.pdf"
        render_document(render_spec(session, data, seal=True), plain)
        signed = sign_pdf(
            plain.read_bytes(),
            unit_id=key.unit_id,
            unit_name=key.unit_name,
            key_id=key_id,
            private_key_hex=private_key_for(key_id),
            public_key_hex=key.public_key,
            signed_at=datetime.now(UTC),
        )
        out = Path(tmp) / "sealed.pdf"
        out.write_bytes(signed)
        name = f"{data.get('doc_number') or data.get('title')}.pdf"
        attachment = BlobStore(folder, sessions).add_file(out, name)
    documents.act(
        session,
        person_id=person_id,
        doc_id=doc_id,
        action="seal",
        attachments=[dict(attachment)],
        key_id=key_id,
    )


def register_seal_key(session: Session, *, person_id: str, unit_id: str) -> str:
    """A new key pair for the unit seal: the private key stays in this workstation's keyring,
    the public key is synced to everyone so they can verify. Returns the key id."""
    from app.security.seal_keys import generate_unit_key

    actor = actor_of(session, person_id)
    unit = session.get(m.Unit, unit_id)
    if unit is None:
        raise UserError("单位不存在")
    pair = generate_unit_key(unit_id, unit.name)
    write(
        session,
        actor=actor,
        type_name="seal_key",
        record_id=pair.key_id,
        op=Op.CREATE,
        fields={"unit_id": unit_id, "unit_name": unit.name, "public_key": pair.public_key_hex},
    )
    return pair.key_id
