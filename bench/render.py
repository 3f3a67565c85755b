"""Render speed of a GB/T 9704 document (the preview and export path).

Builds a standard document of about N pages (headings, mixed Latin/digits, attachments, seal,
版记), renders it once cold (fonts found and registered, nothing cached) and then R more times in
the same process into memory.

    python bench/render.py [--pages 10] [--runs 9]
Prints one JSON line: {"pages": …, "median_s": …, "first_s": …, "runs": …, "bytes": …}
Target: median_s ≤ 0.3 for 10 pages.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SENTENCES = (
    "各乡镇、各部门要高度重视，切实加强组织领导，明确责任分工，确保各项任务落到实处",
    "坚持以人民为中心的发展思想，着力解决群众急难愁盼问题，不断增强人民群众获得感",
    "2026年全县共完成固定资产投资128.6亿元，同比增长7.5%，其中基础设施投资占比超过40%",
    "要建立健全工作台账，实行清单化管理、项目化推进，每月25日前报送工作进展情况",
    "县财政局要会同有关部门做好资金保障，严格执行《中华人民共和国预算法》有关规定",
    "推进“互联网＋政务服务”，依托OA系统和电子印章实现公文网上办理、全程留痕",
    "对工作推进不力、敷衍塞责的单位和个人，依规依纪严肃问责，并在全县范围内通报",
    "各单位要结合实际制定具体实施方案，于7月15日前报县政府办公室备案",
    "加强宣传引导，充分利用广播电视、政务新媒体等渠道，营造全社会共同参与的良好氛围",
    "统筹发展和安全，守牢安全生产底线，深入开展隐患排查整治，坚决遏制重特大事故发生",
    "乡村振兴重点帮扶村要落实“一村一策”，培育特色产业，促进农民持续稳定增收",
    "严格落实网格化管理要求，每个网格配备1名专职网格员，做到底数清、情况明",
)
HEADINGS = ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、")


def build_document(pages: int, seed: int = 7) -> dict[str, Any]:
    """A standard document of about ``pages`` pages.

    Sized by counting grid lines (28 字 a line, 22 a page, about 8 under page 1's 版头) rather
    than by laying it out, so the cold run below really is the first layout in the process.
    """
    rng = random.Random(seed)
    doc: dict[str, Any] = {
        "layout": "standard",
        "copy_number": "000017",
        "classification": "秘密",
        "classification_period": "10年",
        "urgency": "特急",
        "issuers": ["塔河县人民政府"],
        "doc_number": "塔政发〔2026〕12号",
        "title": "塔河县人民政府关于进一步加强基层治理体系和治理能力现代化建设的实施意见",
        "main_recipients": ["各乡镇人民政府", "县政府各部门", "县直各单位"],
        "body": [],
        "attachments": ["塔河县基层治理重点任务分工方案", "塔河县网格员工作职责清单"],
        "date": "2026-07-04",
        "seal": True,
        "cc": ["县委各部门", "县人大常委会办公室", "县政协办公室", "县法院", "县检察院"],
        "printer": "塔河县人民政府办公室",
        "print_date": "2026-07-05",
    }
    # Page 1 takes ~8 body lines; the last page keeps room for 附件说明, seal and 版记.
    target = max(8 + 22 * (pages - 1) - 14, 1)
    lines = 0
    heading = 0
    while lines < target:
        if len(doc["body"]) % 5 == 0 and heading < len(HEADINGS):
            doc["body"].append(HEADINGS[heading] + rng.choice(SENTENCES)[:12])
            heading += 1
            lines += 1
        text = "；".join(rng.sample(SENTENCES, rng.randint(2, 4))) + "。"
        doc["body"].append(text)
        lines += -(-(len(text) + 2) // 27)
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()

    doc = build_document(args.pages)
    t0 = time.perf_counter()
    from app.render.document import render_document

    # The cold run: imports, font discovery and registration, first glyph measurements.
    buf = io.BytesIO()
    pages = render_document(doc, buf)
    first = time.perf_counter() - t0

    samples = []
    for _ in range(args.runs):
        buf = io.BytesIO()
        t = time.perf_counter()
        render_document(doc, buf)
        samples.append(time.perf_counter() - t)
    report = {
        "pages": pages,
        "median_s": round(statistics.median(samples), 4),
        "first_s": round(first, 3),
        "runs": args.runs,
        "min_s": round(min(samples), 4),
        "bytes": len(buf.getvalue()),
        "chars": sum(len(p) for p in doc["body"]),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
