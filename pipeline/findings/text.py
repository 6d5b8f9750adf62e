"""Words of the free-text sections (一、总体情况 and 五、存在的主要问题及改进情况), for the text findings.

The same tokens feed the copied-text detector and the keyword trends. Before
tokenising, what legitimately differs between a report and a copy of it is
neutralised: the agency's own name and every number (a copy "updated" with
this year's figures is still a copy).
"""

from __future__ import annotations

import logging
import re
from functools import cache

import jieba

SECTIONS = (1, 5)
AGENCY_MARK = "某机关"   # han characters, so that jieba keeps each mark one word
NUMBER_MARK = "某数"

_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+\s*[、.．]\s*[^\n]{0,30}\n")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPACE = re.compile(r"\s+")
_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_SENTENCE_END = re.compile(r"(?<=[。；！？!?;])|\n")

# Words every report of this genre uses, whatever it says: the names of the law and
# the notices, the report's own vocabulary, and function words. Keyword trends skip
# them so that what remains is what the agency actually did or promised.
_GENRE_WORDS = """
政府 信息 申请 主动 办理 收到 依申请 政府信息 政府信息公开 信息公开 公开 政务公开 政务 工作 年度 报告 年度报告 本年 本年度 全年 上年 下年 今年 年底
中华人民共和国 条例 国务院 国务院办公厅 国办 办公厅 办公室 公开办 通知 要求 规定 有关 事项 关于 根据 按照 依据 依照
本机关 我局 我委 我办 本局 本单位 单位 机关 部门 全市 全县 全区 各级 相关 有关 情况 总体 总体情况 存在 主要 问题 改进
改进措施 措施 一是 二是 三是 四是 五是 进一步 不断 持续 加强 加大 强化 深化 推进 推动 落实 做好 开展 提升 提高 完善
健全 规范 严格 切实 认真 积极 努力 全面 及时 有效 确保 坚持 围绕 结合 通过 利用 依托 实现 进行 做到 加快 扎实 深入
贯彻 贯彻落实 着力 重点 方面 工作人员 人员 问题 不足 差距 一定 仍 还 存在的 下一步 将 继续 以及 其中 共计 合计 累计
较为 不够 部分 一步 办公 开办 中华人民共和国政府 认真贯彻 严格执行 各类 方式 形式 党中央 决策 部署
条 件 篇 次 个 项 期 家 名 万元 元 日 月 年 号 第 等 和 与 及 或 的 了 在 是 为 对 将 由 把 被 并 从 向 以 于 中 上 下
内 外 后 前 时 其 该 各 每 这 那 之 所 也 都 又 再 已 已经 未 无 不 没有 可以 能够 应当 需要 进行 予以 一 二 三 四 五
"""
GENRE_STOP_WORDS = frozenset(_GENRE_WORDS.split())
STOP_WORDS = GENRE_STOP_WORDS | {AGENCY_MARK, NUMBER_MARK}


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word in (AGENCY_MARK, NUMBER_MARK):
        tk.add_word(word, freq=10_000)
    return tk


def normalise(text: str, agency: str | None = None) -> str:
    """The section's text without its heading, with the agency's name and numbers masked."""
    text = _HEADING.sub("", text or "", count=1)
    if agency:
        text = text.replace(agency, AGENCY_MARK)
    text = _NUMBER.sub(NUMBER_MARK, text)
    return _SPACE.sub("", text)


def tokens(text: str) -> list[str]:
    """jieba words of normalised text, punctuation dropped (numbers and the agency stay masked)."""
    return [w for w in _tokenizer().lcut(text, HMM=False) if _WORDLIKE.search(w)]


def keywords(words: list[str]) -> list[str]:
    """The words that say something: no stop words, no single characters, no masks."""
    return [w for w in words if len(w) > 1 and w not in STOP_WORDS]


def sentences(text: str) -> list[str]:
    """Sentences (split after 。；！？ and at line breaks), stripped, non-empty."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]
