"""Official wording of headings and table labels as printed in real reports.

Row keys and their labels come from ``pipeline.spec``; this module adds what
only the printed layout needs (section headings, clause rows, header blocks).
"""

from __future__ import annotations

SECTION_HEADINGS = {
    "1": "一、总体情况",
    "2": "二、主动公开政府信息情况",
    "3": "三、收到和处理政府信息公开申请情况",
    "4": "四、政府信息公开行政复议、行政诉讼情况",
    "5": "五、存在的主要问题及改进情况",
    "6": "六、其他需要报告的事项",
}

ITEM_CONTENT = "信息内容"

# Table 2, per format: blocks of (clause, [(measure header, colspan)], [item keys]).
# The measures of each item (``spec.table2_measures``) fill the header columns in order.
TABLE2_BLOCKS = {
    "2021": [
        ("第二十条第（一）项", [("本年制发件数", 1), ("本年废止件数", 1), ("现行有效件数", 1)],
         ["rules", "normative_documents"]),
        ("第二十条第（五）项", [("本年处理决定数量", 3)], ["licensing"]),
        ("第二十条第（六）项", [("本年处理决定数量", 3)], ["penalty", "coercion"]),
        ("第二十条第（八）项", [("本年收费金额（单位：万元）", 3)], ["fees"]),
    ],
    "2019": [
        ("第二十条第（一）项", [("本年新制作数量", 1), ("本年新公开数量", 1), ("对外公开总数量", 1)],
         ["rules", "normative_documents"]),
        ("第二十条第（五）项", [("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)],
         ["licensing", "other_external_services"]),
        ("第二十条第（六）项", [("上一年项目数量", 1), ("本年增/减", 1), ("处理决定数量", 1)],
         ["penalty", "coercion"]),
        ("第二十条第（八）项", [("上一年项目数量", 1), ("本年增/减", 2)], ["fees"]),
        ("第二十条第（九）项", [("采购项目数量", 1), ("采购总金额", 2)], ["procurement"]),
    ],
}

T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT_BLOCK = "申请人情况"
T3_ORGANISATIONS = "法人或其他组织"
T3_OUTCOMES_GROUP = "三、本年度办理结果"

T4_REVIEW = "行政复议"
T4_LITIGATION = "行政诉讼"
