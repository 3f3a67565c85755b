"""SMS for urgent notices against a real local HTTP gateway the tests start.

The fake operator (``FakeGateway``) counts requests and their times, and can fail the first N
(5xx/429 with Retry-After), stall them past the client's timeout, or refuse some numbers with a
400. The notice tests run on a migrated server database with the demo county, and read the
outcome the way the sender does: by syncing.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.errors import UserError
from app.notify.sms import (
    CLASSIFIED_TEXT,
    HttpSmsGateway,
    LogSmsGateway,
    NoticeSummary,
    SmsError,
    compose,
    gateway_from_settings,
    normalize_phone,
)
from server import db, notice_sms, services
from server.app import create_app
from server.config import DB_FILE, Settings
from server.models import Person, Unit
from server.security import Passwords
from server.sync_log import load_states, publish
from tests.server.conftest import FakeClock, bearer, login, make_settings

TEMPLATE = "【{urgency}】{title}（{sender}）请登录查看"
BODY_SECRET = "正文里的具体部署：三号仓库"


# --- the fake operator ------------------------------------------------------------------------


@dataclass
class FakeGateway:
    fail_first: int = 0
    fail_status: int = 503
    retry_after: str | None = None
    stall_first: int = 0
    stall_s: float = 0.0
    refuse: dict[str, str] = field(default_factory=dict)  # phone -> reason (HTTP 400)
    bodies: list[dict[str, Any]] = field(default_factory=list)
    times: list[float] = field(default_factory=list)
    auth: list[str | None] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def texts(self) -> list[str]:
        return [b["text"] for b in self.bodies]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        gw = self.server.gateway
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with gw.lock:
            gw.bodies.append(body)
            gw.times.append(time.monotonic())
            gw.auth.append(self.headers.get("Authorization"))
            n = len(gw.bodies)
        if n <= gw.stall_first:
            time.sleep(gw.stall_s)
        headers: dict[str, str] = {}
        if n <= gw.fail_first:
            status, reply = gw.fail_status, {"message": "系统繁忙"}
            if gw.retry_after is not None:
                headers["Retry-After"] = gw.retry_after
        elif body["phone"] in gw.refuse:
            status, reply = 400, {"message": gw.refuse[body["phone"]]}
        else:
            status, reply = 200, {"code": 0}
        data = json.dumps(reply, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            for k, v in {**headers, "Content-Type": "application/json"}.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:  # the client gave up on a stalled request
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    gateway: FakeGateway
    daemon_threads = True


@pytest.fixture
def operator() -> Iterator[FakeGateway]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.gateway = FakeGateway()
    server.gateway.url = f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.gateway
    server.shutdown()
    server.server_close()


def http(gw: FakeGateway, **kw: Any) -> HttpSmsGateway:
    kw.setdefault("backoff_base_s", 0.01)
    kw.setdefault("rate_per_s", 1000.0)
    return HttpSmsGateway(gw.url, TEMPLATE, "【塔山市政府】", **kw)


# --- the HTTP adapter -------------------------------------------------------------------------


def test_a_message_is_posted_as_json_with_signature_and_token(operator: FakeGateway) -> None:
    http(operator, token="t0ken").send("13909010031", "您好")
    [body] = operator.bodies
    assert {k: body[k] for k in ("phone", "text", "signature")} == {
        "phone": "13909010031",
        "text": "您好",
        "signature": "【塔山市政府】",
    }
    uuid.UUID(body["id"])
    assert operator.auth == ["Bearer t0ken"]


def test_passing_failures_are_retried_with_the_same_id_then_succeed(
    operator: FakeGateway,
) -> None:
    operator.fail_first = 2
    http(operator, retries=3).send("13909010031", "您好")
    assert len(operator.bodies) == 3
    assert len({b["id"] for b in operator.bodies}) == 1  # the gateway can drop a duplicate
    # Exponential backoff: 0.01 s, then 0.02 s.
    gaps = [b - a for a, b in zip(operator.times, operator.times[1:], strict=False)]
    assert gaps[0] >= 0.01 and gaps[1] >= 0.02


def test_it_gives_up_after_the_retries_with_a_clear_error(operator: FakeGateway) -> None:
    operator.fail_first = 100
    with pytest.raises(SmsError, match=r"短信网关繁忙（HTTP 503），已尝试 3 次"):
        http(operator, retries=2).send("13909010031", "您好")
    assert len(operator.bodies) == 3


def test_a_refusal_is_not_retried_and_says_why(operator: FakeGateway) -> None:
    operator.refuse["13909010031"] = "号码已停机"
    with pytest.raises(SmsError, match=r"短信网关拒绝发送（HTTP 400）：号码已停机"):
        http(operator, retries=3).send("13909010031", "您好")
    assert len(operator.bodies) == 1


def test_too_many_requests_waits_for_retry_after(operator: FakeGateway) -> None:
    operator.fail_first, operator.fail_status, operator.retry_after = 1, 429, "1"
    http(operator).send("13909010031", "您好")
    assert len(operator.bodies) == 2
    assert operator.times[1] - operator.times[0] >= 0.95  # not the 0.01 s backoff


def test_a_stalled_gateway_times_out_and_is_retried(operator: FakeGateway) -> None:
    operator.stall_first, operator.stall_s = 1, 1.0
    started = time.monotonic()
    http(operator, timeout_s=0.2).send("13909010031", "您好")
    assert len(operator.bodies) == 2
    assert time.monotonic() - started < 0.9  # it did not wait for the stalled reply

    operator.bodies.clear()
    operator.stall_first = 10
    with pytest.raises(SmsError, match=r"短信网关无响应（超过 0.2 秒），已尝试 2 次"):
        http(operator, timeout_s=0.2, retries=1).send("13909010031", "您好")


def test_an_unreachable_gateway_is_a_clear_error() -> None:
    probe = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    url = f"http://127.0.0.1:{probe.server_address[1]}/sms"
    probe.server_close()  # nothing listens there any more
    gateway = HttpSmsGateway(url, TEMPLATE, "", retries=1, backoff_base_s=0.01)
    with pytest.raises(SmsError, match=r"无法连接短信网关，已尝试 2 次"):
        gateway.send("13909010031", "您好")


def test_the_rate_limit_holds_across_threads(operator: FakeGateway) -> None:
    gateway = http(operator, rate_per_s=10.0)
    people = [(f"人员{i}", f"139090100{i:02d}") for i in range(20)]
    outcome = notice_sms.send_all(gateway, "您好", people)
    assert (outcome.sent, outcome.failed) == (20, 0)
    times = sorted(operator.times)
    assert times[-1] - times[0] >= 1.85  # 19 intervals of 0.1 s, though 4 threads were sending
    # And never a burst: without the limit all 20 arrive at once. (9 slots fall in 0.9 s; one
    # more allowed for a request that a busy machine started late.)
    for t in times:
        assert sum(1 for u in times if t <= u < t + 0.9) <= 10


# --- the text ---------------------------------------------------------------------------------


def test_the_text_is_title_level_and_a_classified_notice_has_no_title() -> None:
    plain = NoticeSummary("关于防汛\n紧急部署的通知", "张华生", "特急", classified=False)
    assert compose(TEMPLATE, plain) == "【特急】关于防汛 紧急部署的通知（张华生）请登录查看"
    secret = replace(plain, classified=True)
    assert compose(TEMPLATE, secret) == CLASSIFIED_TEXT.format(urgency="特急")
    assert "防汛" not in compose(TEMPLATE, secret)
    long = replace(plain, title="关" * 60)
    assert "关" * 39 + "…" in compose(TEMPLATE, long)  # one SMS segment, not three


@pytest.mark.parametrize(
    ("raw", "phone"),
    [
        ("13909010031", "13909010031"),
        ("139 0901 0031", "13909010031"),
        ("+86 139-0901-0031", "13909010031"),
        ("0901-6221001", None),  # a landline: no SMS reaches it
        ("", None),
        ("1390901003", None),
    ],
)
def test_only_mobile_numbers_are_texted(raw: str, phone: str | None) -> None:
    assert normalize_phone(raw) == phone


def test_the_log_gateway_masks_the_number(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="app.notify.sms"):
        LogSmsGateway(TEMPLATE, "【塔山】").send("13909010031", "【特急】开会")
    assert "139****0031" in caplog.text and "【塔山】【特急】开会" in caplog.text
    assert "13909010031" not in caplog.text


# --- settings ---------------------------------------------------------------------------------


def test_sms_settings_default_to_the_log_gateway(tmp_path: Path) -> None:
    s = Settings.from_env({"ZT_DATA_DIR": str(tmp_path)})
    assert (s.sms_url, s.sms_rate_per_s, s.sms_retries, s.sms_timeout_s) == (None, 10.0, 3, 5.0)
    assert isinstance(gateway_from_settings(s), LogSmsGateway)


def test_sms_settings_build_the_http_gateway(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    s = Settings.from_env(
        {
            "ZT_DATA_DIR": str(tmp_path),
            "ZT_SMS_URL": "https://sms.example.gov.cn/send",
            "ZT_SMS_TEMPLATE": "{title}",
            "ZT_SMS_SIGNATURE": "【塔山市政府】",
            "ZT_SMS_RATE": "2.5",
            "ZT_SMS_RETRIES": "0",
            "ZT_SMS_TIMEOUT_S": "3",
            "ZT_SMS_CA_BUNDLE": str(ca),
            "ZT_SMS_TOKEN": "very-secret",
        }
    )
    gateway = gateway_from_settings(s)
    assert isinstance(gateway, HttpSmsGateway)
    assert (gateway.url, gateway.template, gateway.signature) == (
        "https://sms.example.gov.cn/send",
        "{title}",
        "【塔山市政府】",
    )
    assert (gateway.retries, gateway.timeout_s, gateway.ca_bundle) == (0, 3.0, str(ca))
    assert "very-secret" not in repr(s)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"ZT_SMS_URL": "sms.example.gov.cn"}, "ZT_SMS_URL 应以 http:// 或 https:// 开头"),
        ({"ZT_SMS_TEMPLATE": "{title}：{body}"}, "“{body}”无法识别"),
        ({"ZT_SMS_TEMPLATE": "{title!r}"}, "无法识别"),
        ({"ZT_SMS_TEMPLATE": "{title"}, "花括号不成对"),
        ({"ZT_SMS_TEMPLATE": "   "}, "短信模板不能为空"),
        ({"ZT_SMS_SIGNATURE": "签" * 21}, "ZT_SMS_SIGNATURE 不能超过 20 字"),
        ({"ZT_SMS_RATE": "fast"}, "ZT_SMS_RATE 应为数字"),
        ({"ZT_SMS_RATE": "0"}, "ZT_SMS_RATE 应大于 0"),
        ({"ZT_SMS_RETRIES": "-1"}, "ZT_SMS_RETRIES 不能小于 0"),
        ({"ZT_SMS_CA_BUNDLE": "/nowhere/ca.pem"}, "CA 证书文件不存在"),
    ],
)
def test_bad_sms_settings_stop_the_server_with_a_clear_error(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        Settings.from_env({"ZT_DATA_DIR": str(tmp_path), **env})


# --- after a notice is published --------------------------------------------------------------


@pytest.fixture(scope="module")
def server_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sms-server")
    settings = make_settings(folder)
    engine = db.make_engine(settings.database_url)
    db.upgrade(engine)
    with db.transaction(db.make_sessionmaker(engine)) as session:
        services.seed_demo(session, hash_password=Passwords(settings).hash)
    engine.dispose()
    return folder / DB_FILE


@dataclass
class County:
    settings: Settings
    sessions: Any
    people: dict[str, tuple[str, str]]  # username -> (id, phone)
    names: set[str]
    units: dict[str, str]  # name -> id


@pytest.fixture
def county(server_db: Path, tmp_path: Path) -> Iterator[County]:
    data_dir = tmp_path / "server-data"
    data_dir.mkdir()
    shutil.copy(server_db, data_dir / DB_FILE)
    settings = make_settings(data_dir, sms_template=TEMPLATE)
    engine = db.make_engine(settings.database_url)
    sessions = db.make_sessionmaker(engine)
    with db.read_transaction(sessions) as session:
        rows = session.execute(select(Person.username, Person.id, Person.phone, Person.name))
        people = {u: (i, p or "") for u, i, p, _n in rows}
        names = set(session.scalars(select(Person.name)))
        units = dict(session.execute(select(Unit.name, Unit.id)).all())
    yield County(settings, sessions, people, names, units)
    assert notice_sms.drain(10)
    engine.dispose()


def published_notice(county: County, **fields: Any) -> str:
    """A notice as the publish action leaves it, sent by 张华生 to 督查科 and 东湖镇."""
    notice_id = str(uuid.uuid4())
    data = {
        "title": "关于防汛值班的紧急通知",
        "body": BODY_SECRET,
        "urgency": "特急",
        "sender_id": county.people["zhanghs"][0],
        "state": "published",
        "published_at": "2026-07-04T09:00:00+00:00",
        "recipient_unit_ids": [county.units["督查科"], county.units["东湖镇人民政府"]],
        "recipient_person_ids": [],
        **fields,
    }
    with db.transaction(county.sessions) as session:
        publish(session, type_="notice", record_id=notice_id, data=data, now=FakeClock()())
    return notice_id


def recipients(county: County, *usernames: str) -> list[tuple[str, str]]:
    return [county.people[u] for u in usernames]


def stored(county: County, notice_id: str) -> dict[str, Any]:
    with db.read_transaction(county.sessions) as session:
        return load_states(session, [notice_id])[notice_id].data


def test_the_sender_sees_who_was_texted_and_who_was_not(
    county: County, operator: FakeGateway
) -> None:
    operator.refuse["13909016101"] = "号码已停机"
    notice_id = published_notice(county)
    # 郑涛 and 王建国 have landlines; 单丽萍 is listed twice; 袁林's phone is missing.
    county.people["yuanl"] = (county.people["yuanl"][0], "")
    people = recipients(county, "zengzw", "zhengt", "shanlp", "pengw", "shanlp", "yuanl")
    notice_sms.after_publish(
        county.settings, county.sessions, notice_id, people, gateway=http(operator)
    )
    assert notice_sms.drain(10)

    assert sorted(b["phone"] for b in operator.bodies) == [
        "13909010031",
        "13909016100",
        "13909016101",
    ]
    assert operator.texts()[0] == "【特急】关于防汛值班的紧急通知（张华生）请登录查看"
    assert not any(BODY_SECRET in t or "三号仓库" in t for t in operator.texts())

    # The sender's next sync brings the outcome.
    app = create_app(county.settings, clock=FakeClock())
    with TestClient(app) as c:
        body = {"protocol": 1, "schema_version": 1}
        reply = c.post("/api/v1/sync", json=body, headers=bearer(login(c))).json()
    app.state.zt.engine.dispose()
    [notice] = [r for r in reply["changes"] if r["id"] == notice_id]
    assert notice["data"]["sms"] == {
        "sent": 2,
        "failed": 2,
        "errors": [
            "郑涛: 登记的号码不是手机号码",
            "彭伟: 短信网关拒绝发送（HTTP 400）：号码已停机",
        ],
    }
    assert notice["data"]["title"] == "关于防汛值班的紧急通知"  # the rest of it untouched
    assert notice["version"] == 2


def test_a_classified_notice_is_texted_without_its_title(
    county: County, operator: FakeGateway
) -> None:
    notice_id = published_notice(county, classification="内部", urgency="紧急")
    notice_sms.after_publish(
        county.settings,
        county.sessions,
        notice_id,
        recipients(county, "zengzw"),
        gateway=http(operator),
    )
    assert notice_sms.drain(10)
    assert operator.texts() == ["您有一条紧急通知，请登录政通办公查看"]
    assert stored(county, notice_id)["sms"] == {"sent": 1, "failed": 0, "errors": []}


def test_only_urgent_published_notices_are_texted(county: County, operator: FakeGateway) -> None:
    ordinary = published_notice(county, urgency="普通")
    withdrawn = published_notice(county, state="withdrawn")
    for notice_id in (ordinary, withdrawn, str(uuid.uuid4())):
        notice_sms.after_publish(
            county.settings,
            county.sessions,
            notice_id,
            recipients(county, "zengzw"),
            gateway=http(operator),
        )
    assert notice_sms.drain(10)
    assert operator.bodies == []
    assert "sms" not in stored(county, ordinary) and "sms" not in stored(county, withdrawn)


def test_a_gateway_that_is_down_shows_as_failures_and_the_first_five_reasons(
    county: County, operator: FakeGateway
) -> None:
    operator.fail_first = 1000
    notice_id = published_notice(county)
    # Seven recipients: the sender sees the count of all and the reasons of the first five.
    ids = [pid for pid, _phone in county.people.values()][:7]
    people = [(pid, f"139090100{i:02d}") for i, pid in enumerate(ids)]
    notice_sms.after_publish(
        county.settings, county.sessions, notice_id, people, gateway=http(operator, retries=1)
    )
    assert notice_sms.drain(10)
    sms = stored(county, notice_id)["sms"]
    assert (sms["sent"], sms["failed"], len(sms["errors"])) == (0, 7, 5)
    name, reason = sms["errors"][0].split(": ")
    assert name in county.names and reason == "短信网关繁忙（HTTP 503），已尝试 2 次"
    assert len(operator.bodies) == 14


def test_publishing_does_not_wait_for_the_gateway(county: County, operator: FakeGateway) -> None:
    operator.stall_first, operator.stall_s = 1, 1.0
    notice_id = published_notice(county)
    started = time.monotonic()
    notice_sms.after_publish(
        county.settings,
        county.sessions,
        notice_id,
        recipients(county, "zengzw"),
        gateway=http(operator, timeout_s=2.0),
    )
    assert time.monotonic() - started < 0.2
    assert "sms" not in stored(county, notice_id)
    assert notice_sms.drain(10)
    assert stored(county, notice_id)["sms"]["sent"] == 1
