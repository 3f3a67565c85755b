"""Who is using this profile: offline login against the local verifier, remembered logins."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.errors import UserError
from app.security.verifier import check_verifier, make_verifier
from app.services.org import PersonRow, person_by_username
from app.services.workbench import get_meta, set_meta

VERIFIER_KEY = "login.verifier."
REMEMBERED_KEY = "login.remembered"


def set_local_password(session: Session, *, username: str, password: str) -> None:
    """Keep a verifier so ``username`` can log in offline next time (set after a server login)."""
    # The server enforces the password policy; the local copy only has to match what it accepted.
    if not password:
        raise UserError("密码不能为空")
    set_meta(session, VERIFIER_KEY + username, make_verifier(password))


def login_offline(session: Session, *, username: str, password: str, remember: bool) -> PersonRow:
    username = username.strip()
    if not username or not password:
        raise UserError("请输入用户名和密码")
    verifier = get_meta(session, VERIFIER_KEY + username)
    if verifier is None:
        raise UserError(f"用户“{username}”尚未在本机登录过，首次登录需要连接服务器")
    if not check_verifier(verifier, password):
        raise UserError("用户名或密码不正确")
    person = person_by_username(session, username=username)
    if person is None:
        raise UserError(f"通讯录中没有用户“{username}”，请先同步")
    set_meta(session, REMEMBERED_KEY, username if remember else None)
    return person


def remembered_user(session: Session) -> PersonRow | None:
    username = get_meta(session, REMEMBERED_KEY)
    return person_by_username(session, username=username) if username else None


def logout(session: Session) -> None:
    set_meta(session, REMEMBERED_KEY, None)
