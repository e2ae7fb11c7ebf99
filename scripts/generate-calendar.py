#!/usr/bin/env python3
"""Generate the bundled statutory calendar (SPEC X1) from the `chinesecalendar` package.

Writes one JSON file per State Council notice year to
Sources/Domain/Resources/calendar/<year>.json, in exactly the format an administrator uses to import a
newly announced year (`lawtrail calendar import FILE`), so that bundled data and imported data are read
by the same validating parser (HolidayArrangement.decode in the Domain module).

Usage:
    python3 scripts/generate-calendar.py PATH [--out DIR]

PATH is the unpacked `chinese_calendar` package of chinesecalendar 1.11.0 (the directory, or its
constants.py). Only `holidays` (days off, sometimes including weekend days inside a holiday block) and
`workdays` (adjusted working days, 调休上班) are read; `in_lieu_days` is ignored because it does not
change whether a day is worked.

File format (one notice year per file):
    year              the year in the notice title (国务院办公厅关于<year>年部分节假日安排的通知)
    notice            the notice title
    noticeNumber      document number (文号), only where checked against a copy of the notice
    notes             optional list of remarks: supplementary notices, corrections, rule changes
    source            where the facts come from
    daysOff           [{"date": "YYYY-MM-DD", "holiday": "<Chinese holiday name>"}], sorted
    adjustedWorkdays  [{"date": "YYYY-MM-DD", "holiday": "<Chinese holiday name>"}], sorted
A notice for year Y may list days in the last week of December of Y-1 (the New Year block: the 2019
notice starts the holiday on 2018-12-30 and works 2018-12-29), so such days are filed under Y.
"""
import argparse
import datetime
import importlib.util
import json
import pathlib
import sys

# Document numbers were each checked against at least one reproduction of the notice text and a second
# listing; 2004 and 2005 are left out because no copy giving the number was found.
NOTICE_NUMBERS = {
    2006: "国办发明电〔2005〕35号",
    2007: "国办发明电〔2006〕49号",
    2008: "国办发明电〔2007〕52号",
    2009: "国办发明电〔2008〕42号",
    2010: "国办发明电〔2009〕27号",
    2011: "国办发明电〔2010〕40号",
    2012: "国办发明电〔2011〕45号",
    2013: "国办发明电〔2012〕33号",
    2014: "国办发明电〔2013〕28号",
    2015: "国办发明电〔2014〕28号",
    2016: "国办发明电〔2015〕18号",
    2017: "国办发明电〔2016〕17号",
    2018: "国办发明电〔2017〕12号",
    2019: "国办发明电〔2018〕15号",
    2020: "国办发明电〔2019〕16号",
    2021: "国办发明电〔2020〕27号",
    2022: "国办发明电〔2021〕11号",
    2023: "国办发明电〔2022〕16号",
    2024: "国办发明电〔2023〕7号",
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}

NOTES = {
    2006: [
        "2005-12-31（星期六）调休上班：见原通知“12月31日（星期六）上班”；chinesecalendar 1.11.0 漏列此日，本文件据原通知补入。"
        " / 2005-12-31 (Sat) was an adjusted working day per the notice; chinesecalendar 1.11.0 omits it, added here.",
    ],
    2007: ["元旦调休上班日 2006-12-30（星期六）、2006-12-31（星期日）在上一年。"],
    2008: [
        "首年执行修订后的《全国年节及纪念日放假办法》（国务院令第513号）：增设清明节、端午节、中秋节，劳动节改为1天。",
        "元旦假期 2007-12-30 至 2008-01-01，2007-12-29（星期六）上班。",
    ],
    2012: ["元旦调休上班日 2011-12-31（星期六）在上一年。"],
    2014: ["首年执行2013年修订的《全国年节及纪念日放假办法》（国务院令第644号）：春节法定假日改为正月初一至初三。"],
    2015: [
        "另据《国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知》（国发明电〔2015〕1号）："
        "9月3日至5日放假调休，9月6日（星期日）上班。",
    ],
    2019: [
        "元旦假期 2018-12-30 至 2019-01-01，2018-12-29（星期六）上班。",
        "另据《国务院办公厅关于调整2019年劳动节假期安排的通知》：劳动节改为5月1日至4日，4月28日（星期日）、5月5日（星期日）上班。",
    ],
    2020: [
        "另据《国务院办公厅关于延长2020年春节假期的通知》（国办发明电〔2020〕1号）：春节假期延长至2月2日，"
        "原定2月1日（星期六）上班随之取消。",
    ],
    2023: ["元旦假期 2022-12-31 至 2023-01-02。"],
    2024: ["2023-12-30、2023-12-31 为周末，与元旦连休。"],
    2025: ["首年执行2024年修订的《全国年节及纪念日放假办法》（国务院令第795号）：增加农历除夕、5月2日两天法定假日。"],
}

# Facts the package gets wrong, with the notice text that says otherwise (see NOTES).
EXTRA_WORKDAYS = {
    datetime.date(2005, 12, 31): "New Year's Day",
}

SOURCE = (
    "国务院办公厅历年部分节假日安排的通知及特别通知，据 PyPI 包 chinesecalendar 1.11.0"
    "（https://github.com/LKI/chinese-calendar）整理 / State Council holiday notices as compiled by "
    "the chinesecalendar package 1.11.0"
)

# A notice may start its New Year block in the last week of December of the year before (SPEC X1).
DECEMBER_WINDOW_START = 25


def load_constants(path):
    path = pathlib.Path(path)
    if path.is_dir():
        path = path / "constants.py"
    spec = importlib.util.spec_from_file_location("chinese_calendar_constants", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def notice_year(date, english):
    """December days of the New Year block belong to the next year's notice."""
    if date.month == 12 and english == "New Year's Day":
        if date.day < DECEMBER_WINDOW_START:
            sys.exit(f"{date}: New Year day before 12-{DECEMBER_WINDOW_START}, outside the import window")
        return date.year + 1
    return date.year


def group(entries, chinese):
    years = {}
    for date, english in entries.items():
        years.setdefault(notice_year(date, english), []).append({"date": date.isoformat(), "holiday": chinese[english]})
    for items in years.values():
        items.sort(key=lambda item: item["date"])
    return years


def render(document):
    """Pretty JSON with one day per line, so that a diff of a re-import is one line per change."""
    lines = ["{"]
    scalar_keys = [key for key in ("year", "notice", "noticeNumber") if key in document]
    for key in scalar_keys:
        lines.append(f"  {json.dumps(key)}: {json.dumps(document[key], ensure_ascii=False)},")
    if "notes" in document:
        lines.append('  "notes": [')
        lines.append(",\n".join(f"    {json.dumps(note, ensure_ascii=False)}" for note in document["notes"]))
        lines.append("  ],")
    lines.append(f'  "source": {json.dumps(document["source"], ensure_ascii=False)},')
    for index, key in enumerate(("daysOff", "adjustedWorkdays")):
        items = document[key]
        closing = "," if index == 0 else ""
        if not items:
            lines.append(f'  "{key}": []{closing}')
            continue
        lines.append(f'  "{key}": [')
        lines.append(",\n".join(
            f'    {{"date": "{item["date"]}", "holiday": {json.dumps(item["holiday"], ensure_ascii=False)}}}'
            for item in items))
        lines.append(f"  ]{closing}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def check(year, days_off, workdays):
    """The same rules the Swift importer enforces, so a bad generation fails here first."""
    off = {item["date"] for item in days_off}
    work = {item["date"] for item in workdays}
    assert len(off) == len(days_off) and len(work) == len(workdays), f"{year}: duplicate date"
    assert not off & work, f"{year}: both off and working: {sorted(off & work)}"
    assert f"{year}-01-01" in off, f"{year}: 元旦 missing"
    for item in workdays:
        weekday = datetime.date.fromisoformat(item["date"]).weekday()
        assert weekday >= 5, f"{year}: adjusted workday {item['date']} is not a Saturday or Sunday"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", help="unpacked chinese_calendar package directory or its constants.py")
    parser.add_argument("--out", default=str(pathlib.Path(__file__).resolve().parent.parent
                                             / "Sources" / "Domain" / "Resources" / "calendar"))
    args = parser.parse_args()

    constants = load_constants(args.package)
    chinese = {holiday.value: holiday.chinese for holiday in constants.Holiday}
    workdays_source = dict(constants.workdays)
    for date, english in EXTRA_WORKDAYS.items():
        if date in workdays_source:
            sys.exit(f"{date} is already an adjusted workday in the package; drop the correction")
        workdays_source[date] = english

    off_by_year = group(constants.holidays, chinese)
    work_by_year = group(workdays_source, chinese)
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for year in sorted(off_by_year):
        document = {"year": year, "notice": f"国务院办公厅关于{year}年部分节假日安排的通知"}
        if year in NOTICE_NUMBERS:
            document["noticeNumber"] = NOTICE_NUMBERS[year]
        if year in NOTES:
            document["notes"] = NOTES[year]
        document["source"] = SOURCE
        document["daysOff"] = off_by_year[year]
        document["adjustedWorkdays"] = work_by_year.get(year, [])
        check(year, document["daysOff"], document["adjustedWorkdays"])
        (out / f"{year}.json").write_text(render(document), encoding="utf-8")
        print(f"{year}: {len(document['daysOff'])} days off, {len(document['adjustedWorkdays'])} adjusted workdays")
    stray = sorted(set(work_by_year) - set(off_by_year))
    if stray:
        sys.exit(f"adjusted workdays for years without days off: {stray}")


if __name__ == "__main__":
    main()
