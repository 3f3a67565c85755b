"""公文 search over N generated documents: index build time, database size, query latency.

A temporary profile database migrated with the real migrations (app.db.migrate.upgrade) and the
app's connection settings (app.db.engine) gets N realistic 收文/发文: titles such as
关于做好2026年冬春农田水利建设工作的通知, numbers such as 塔政办发〔2026〕37号, ~200 county and
township bodies, bodies of 500–3,000 characters drawn from government vocabulary with a skewed
(Zipf-like) word frequency, so that common characters (县, 政, 工) are in most documents and
rare ones (place and people names) in a few. They are indexed in batches of 1,000 (a sync
page's worth), each batch one transaction, as the client does.

Then, per query length (1, 2 and 4 characters), ≥ 200 queries are picked from the documents' own
text at random (so a character's chance of being picked follows its frequency: 的, 政, 县 come up
often) plus a share of strings from rare words, and ``search_documents`` fetches the newest 50
(and the count) for each. Timed warm (after the build, in the same process: a user searching a
second time). Then cold: the file dropped from the OS page cache, a fresh connection, the first
query of each length (``cold_ms``).

    python bench/search.py [N] [--queries 300] [--seed 7] [--keep DIR]

Also timed: 2- and 4-character queries with a filter (type, a quarter's dates, or a title
substring and direction) — ``p95_ms_filtered`` — and a 1-character term with a 4-character one
(both must match) — ``p95_ms_mixed``.

Prints one JSON line: docs, p50/p95/max per length, index_s, db_mb, MB per search table, and
the share of pages whose total was left open (more than COUNT_SCAN candidates).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy.orm import Session  # noqa: E402

from app.db.engine import make_engine, make_sessionmaker, transaction  # noqa: E402
from app.db.migrate import upgrade  # noqa: E402
from app.domain.document import DOC_TYPES  # noqa: E402
from app.search import (  # noqa: E402
    DocIndexEntry,
    DocQuery,
    SearchPage,
    index_documents,
    search_documents,
)
from app.search.text import query_terms  # noqa: E402

BATCH = 1000
PAGE = 50

# Place names of the generated county: 塔山市 and its townships (rarer characters live here).
TOWNSHIPS = (
    "东湖 西岭 南河 北坡 桦树沟 鹤鸣 青石 白杨 柳林 松岗 梨园 枣庄 红旗 前进 胜利 新华 永安 "
    "太平 长乐 福寿 双河 三岔 五里 七星 九龙 龙泉 凤凰 金鸡 银杏 铜川 铁岭 石门 沙河 草原 "
    "黄土 碧水 紫荆 翠屏 丹霞 蓝田 杏花 桃源 竹溪 兰亭 菊潭 梅岭 荷塘 芦苇 蒲城 葛洲 藕塘 "
    "苇河 獐子 鹿鸣 雁荡 鹭洲 鸥江 鹊桥 燕山 莺歌 鹰嘴 驼峰 骆驼 蟠龙 麒麟 貔貅"
).split()
BUREAUS = (
    "发展和改革局 教育局 科学技术局 工业和信息化局 公安局 民政局 司法局 财政局 "
    "人力资源和社会保障局 自然资源局 生态环境局 住房和城乡建设局 交通运输局 水利局 "
    "农业农村局 商务局 文化和旅游局 卫生健康委员会 退役军人事务局 应急管理局 审计局 "
    "市场监督管理局 统计局 医疗保障局 林业和草原局 乡村振兴局 信访局 档案馆 机关事务服务中心"
).split()
SUFFIXES = ("镇人民政府", "乡人民政府", "街道办事处")


def units() -> list[tuple[str, str]]:
    """~200 bodies with their 发文 code prefix (机关代字)."""
    out = [("塔山市人民政府", "塔政"), ("塔山市人民政府办公室", "塔政办")]
    out += [(f"塔山市{b}", f"塔{b[:1]}") for b in BUREAUS]
    for i, t in enumerate(TOWNSHIPS):
        for suffix in SUFFIXES[: 1 + i % 3]:
            out.append((f"{t}{suffix}", f"{t[:2]}{'政' if suffix != '街道办事处' else '街'}"))
    return out


# Government vocabulary, roughly by frequency band (the generator weights words Zipf-like).
# Function characters go between words, never two in a row (real text has no 的的).
FUNCTION = "的 的 的 和 和 与 及 对 在 为 等 并 要 是 把 将 以 由 按 向".split()
WORDS = (
    "工作 有关 建设 发展 加强 推进 落实 管理 服务 安全 "
    "县 乡镇 单位 部门 政府 人民政府 组织 开展 进一步 认真 确保 做好 情况 问题 要求 责任 制度 "
    "实施 全面 深入 重点 主要 相关 及时 严格 有效 切实 统筹 协调 监督 检查 考核 保障 措施 机制 "
    "体系 能力 水平 质量 效率 群众 企业 社会 经济 农业 农村 农民 生产 生态 环境 保护 文化 教育 "
    "卫生 健康 医疗 养老 就业 收入 资金 项目 政策 规划 土地 住房 交通 道路 水利 农田 冬春 防汛 "
    "抗旱 森林防火 安全生产 应急管理 疫情防控 乡村振兴 脱贫攻坚 巩固 成果 衔接 高质量发展 "
    "党建 党风廉政建设 作风 纪律 学习 贯彻 习近平新时代中国特色社会主义思想 党的二十大精神 "
    "信息化 数字 统计 财政 预算 审计 税收 市场监管 食品安全 消防 专项行动 隐患 排查 整治 "
    "整改 台账 报送 材料 通知 方案 意见 报告 请示 批复 函 会议 纪要 领导小组 办公室 负责同志 "
    "分管 牵头 配合 各司其职 形成合力 务求实效 按时 截止 上报 汇总 审核 备案 公示 宣传 培训 "
    "督导 调研 指导 服务保障 营商环境 招商引资 重大项目 基础设施 公共服务 社会救助 低保 "
    "残疾人 未成年人 妇女儿童 老龄 退役军人 优抚 信访 维稳 矛盾纠纷 化解 平安建设 法治 "
    "依法行政 行政执法 政务公开 政务服务 一网通办 最多跑一次 放管服 改革 创新 试点 示范 推广 "
    "经验 做法 成效 亮点 不足 短板 弱项 下一步 打算 建议 同意 批准 印发 转发 执行 遵照 参照 "
    "现将 有关事项 通知如下 请结合实际 认真贯彻执行 特此通知 妥否 请批示 此复 特此函告 "
    "高标准农田 耕地保护 粮食安全 种植面积 畜牧 水产 林业 草原 河长制 林长制 人居环境 "
    "厕所革命 垃圾分类 污水处理 大气污染 秸秆禁烧 城乡环卫 道路硬化 危房改造 饮水安全 "
    "义务教育 学前教育 职业教育 校园安全 医保 参保 缴费 家庭医生 疫苗接种 爱国卫生 "
    "文明创建 志愿服务 移风易俗 红白理事会 村规民约 网格化 基层治理 村两委 换届 选举"
).split()
ASCII_WORDS = "GDP 5G PM2.5 App QQ WiFi GPS ISO9001 A级 3A级 12345 110 120 PPP EPC".split()
WIDE = ("（一）", "（二）", "（三）", "１２３４５", "ＧＤＰ", "第一条", "第二条", "附件：")
PUNCT = ("，", "，", "，", "。", "、", "；", "：")
RARE = "鑫淼焱垚犇骉赑鱻燚昊昇晟翀翊琦琨瑜璇珺瑾玥琰瑄珩璟锟铖钰镕锴"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
SEASONS = ("冬春", "春季", "夏季", "秋冬", "汛期", "节假日", "年度", "上半年", "第三季度")
TITLE_TOPICS = (
    "做好{y}年{s}农田水利建设工作",
    "进一步加强{w}{w2}工作",
    "开展{y}年{w}专项检查",
    "印发《塔山市{w}{w2}实施方案》",
    "{u}申请{w}项目资金",
    "报送{y}年{s}{w}工作总结",
    "转发《关于{w}{w2}的意见》",
    "召开{w}工作会议",
    "表彰{y}年度{w}先进集体和先进个人",
    "{u}{w}有关问题",
    "调整{w}领导小组成员",
    "落实{w}{w2}责任制",
)


class Corpus:
    """A reproducible generator of documents."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.units = units()
        n = len(WORDS)
        # Zipf-like: the k-th word is drawn with weight 1/(k+2).
        self.word_weights = [1 / (k + 2) for k in range(n)]
        self.cum = list(_accumulate(self.word_weights))
        self.type_weights = [
            6 if t == "通知" else 3 if t in ("请示", "函", "报告") else 1 for t in DOC_TYPES
        ]
        self.numbers: dict[tuple[str, str, int], int] = {}
        self.day0 = date(2023, 1, 1)

    def word(self) -> str:
        return self.rng.choices(WORDS, cum_weights=self.cum)[0]

    def name(self) -> str:
        rng = self.rng
        given = "".join(
            rng.choice(RARE + "华明军伟芳丽强磊洋勇艳杰娟涛超") for _ in range(rng.randint(1, 2))
        )
        return rng.choice(SURNAMES) + given

    def sentence(self) -> str:
        rng = self.rng
        parts: list[str] = []
        for _ in range(rng.randint(4, 12)):
            r = rng.random()
            if r < 0.02:
                parts.append(rng.choice(ASCII_WORDS))
            elif r < 0.035:
                parts.append(self.name())
            elif r < 0.05:
                parts.append(rng.choice(self.units)[0])
            elif r < 0.065:
                parts.append(
                    f"{rng.randint(1, 3000)}{rng.choice(('万元', '亩', '户', '人', '%', '公里'))}"
                )
            elif r < 0.075:
                parts.append(
                    f"{rng.randint(2023, 2026)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
                )
            else:
                parts.append(self.word())
            r = rng.random()
            parts.append(rng.choice(PUNCT) if r < 0.25 else rng.choice(FUNCTION) if r < 0.6 else "")
        return "".join(parts).rstrip("，、；：") + "。"

    def body(self) -> str:
        rng = self.rng
        target = rng.randint(500, 3000)
        paras: list[str] = []
        size = 0
        heads = iter(
            ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、") * 9
        )
        while size < target:
            head = (
                next(heads)
                if rng.random() < 0.3
                else rng.choice(WIDE)
                if rng.random() < 0.1
                else ""
            )
            para = head + "".join(self.sentence() for _ in range(rng.randint(2, 6)))
            paras.append(para)
            size += len(para)
        return "\n".join(paras)[:target]

    def entry(self) -> DocIndexEntry:
        rng = self.rng
        doc_type = rng.choices(DOC_TYPES, weights=self.type_weights)[0]
        unit, prefix = rng.choice(self.units)
        day = self.day0 + timedelta(days=rng.randint(0, 4 * 365 - 1))
        topic = rng.choice(TITLE_TOPICS).format(
            y=day.year, s=rng.choice(SEASONS), w=self.word(), w2=self.word(), u=unit
        )
        number = ""
        if rng.random() < 0.95:
            kind = {"函": "函", "纪要": "纪"}.get(doc_type, "发")
            key = (prefix, kind, day.year)
            self.numbers[key] = self.numbers.get(key, 0) + 1
            number = f"{prefix}{kind}〔{day.year}〕{self.numbers[key]}号"
        return DocIndexEntry(
            doc_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            direction=rng.choice(("in", "out")),
            doc_type=doc_type,
            title=f"关于{topic}的{doc_type}",
            doc_number=number,
            from_unit=unit,
            doc_date=day if rng.random() < 0.98 else None,
            body=self.body(),
        )


def _accumulate(weights: list[float]) -> Iterator[float]:
    total = 0.0
    for w in weights:
        total += w
        yield total


# -- the run ---------------------------------------------------------------------------------

LENGTHS = (1, 2, 4)
SEARCH_TABLES = ("search_docs", "search_texts", "search_grams", "search_chars")


def pick_queries(docs: list[DocIndexEntry], length: int, n: int, rng: random.Random) -> list[str]:
    """``n`` strings of ``length`` characters from the documents: most from a random place in a
    random document's text (frequent strings come up as often as they occur), one in six from
    the rare words (names, place names), one in ten from a 文号."""
    out: list[str] = []
    rare_pool = [*TOWNSHIPS, *(Corpus(rng.randrange(1 << 30)).name() for _ in range(50))]
    while len(out) < n:
        doc = rng.choice(docs)
        r = rng.random()
        if r < 1 / 6:
            source = next(
                (
                    d.body
                    for d in rng.sample(docs, min(50, len(docs)))
                    if any(w in d.body for w in rare_pool)
                ),
                doc.body,
            )
            word = next((w for w in rare_pool if w in source), "")
            at = source.find(word) if word else rng.randrange(len(source))
            at = max(
                0, min(at + rng.randrange(max(1, len(word))) - length // 2, len(source) - length)
            )
        elif r < 1 / 6 + 1 / 10 and len(doc.doc_number) >= length:
            source = doc.doc_number
            at = rng.randrange(len(source) - length + 1)
        else:
            source = doc.body if rng.random() < 0.9 else doc.title
            at = rng.randrange(len(source) - length + 1)
        q = source[at : at + length]
        if len(q) == length and not any(ch.isspace() for ch in q) and query_terms(q):
            out.append(q)
    return out


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def p(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 2)


def table_sizes(conn: sqlite3.Connection) -> dict[str, float]:
    """MB per search table, its indexes and FTS5 shadow tables included."""
    sizes: dict[str, float] = {}
    for name, size in conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        owner = next((t for t in SEARCH_TABLES if t in name), "")
        if owner:
            sizes[owner] = sizes.get(owner, 0) + size / 1e6
    return {k: round(v, 1) for k, v in sizes.items()}


def run(n: int, n_queries: int, seed: int, folder: Path) -> dict[str, Any]:
    db = folder / "search.sqlite3"
    engine = make_engine(db)
    upgrade(engine, db)
    sessions = make_sessionmaker(engine)
    corpus = Corpus(seed)
    rng = random.Random(seed + 1)
    sample: list[DocIndexEntry] = []  # queries are drawn from these
    gen_s = index_s = 0.0
    for start in range(0, n, BATCH):
        t0 = time.perf_counter()
        batch = [corpus.entry() for _ in range(min(BATCH, n - start))]
        t1 = time.perf_counter()
        with transaction(sessions) as session:
            index_documents(session, batch)
        index_s += time.perf_counter() - t1
        gen_s += t1 - t0
        sample += rng.sample(batch, min(len(batch), 40))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db_mb = db.stat().st_size / 1e6

    queries = {length: pick_queries(sample, length, n_queries, rng) for length in LENGTHS}
    report: dict[str, Any] = {"docs": n}
    with sessions() as session:  # warm: right after the build, as a user searching again
        report.update(measure(session, queries, rng))
    engine.dispose()
    report["cold_ms"] = cold_start(db, [queries[length][-1] for length in LENGTHS])
    with closing(sqlite3.connect(db)) as conn:
        report["mb_by_table"] = table_sizes(conn)
    report.update(index_s=round(index_s, 1), generate_s=round(gen_s, 1), db_mb=round(db_mb, 1))
    return report


def measure(session: Session, queries: dict[int, list[str]], rng: random.Random) -> dict[str, Any]:
    report: dict[str, Any] = {}
    pages: list[SearchPage] = []
    for length in LENGTHS:
        times = [
            timed(lambda q=q: pages.append(search_documents(session, DocQuery(text=q))))
            for q in queries[length]
        ]
        report[f"p50_ms_{length}char"] = p(times, 50)
        report[f"p95_ms_{length}char"] = p(times, 95)
        report[f"max_ms_{length}char"] = round(max(times), 2)
    half = len(queries[2]) // 2
    filtered = [
        DocQuery(text=q, doc_type=rng.choice(DOC_TYPES))
        if i % 3 == 0
        else DocQuery(text=q, date_from=date(2025, 1, 1), date_to=date(2025, 3, 31))
        if i % 3 == 1
        else DocQuery(title=q[:2], direction="in")
        for i, q in enumerate(queries[2][:half] + queries[4][:half])
    ]
    times = [timed(lambda fq=fq: search_documents(session, fq)) for fq in filtered]
    report["p95_ms_filtered"] = p(times, 95)
    mixed = [DocQuery(text=f"{a} {b}") for a, b in zip(queries[1], queries[4], strict=True)]
    times = [timed(lambda mq=mq: search_documents(session, mq)) for mq in mixed]
    report["p95_ms_mixed"] = p(times, 95)
    report["queries_per_length"] = len(queries[1])
    report["share_total_unknown"] = round(sum(pg.total is None for pg in pages) / len(pages), 2)
    return report


def cold_start(db: Path, first: list[str]) -> dict[str, float]:
    """The database file dropped from the OS cache (where the OS lets a process do that for
    one file), then a fresh connection: the first query of each length, one after another."""
    if hasattr(os, "posix_fadvise"):
        with open(db, "rb") as fh:
            os.fsync(fh.fileno())
            os.posix_fadvise(fh.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
    engine = make_engine(db)
    out: dict[str, float] = {}
    with make_sessionmaker(engine)() as session:
        for length, q in zip(LENGTHS, first, strict=True):
            out[f"{length}char"] = round(
                timed(lambda q=q: search_documents(session, DocQuery(text=q))), 2
            )
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300, help="per query length (≥ 200)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="build the database in DIR and keep it")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        report = run(args.n, args.queries, args.seed, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="zt-bench-search-") as tmp:
            report = run(args.n, args.queries, args.seed, Path(tmp))
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
