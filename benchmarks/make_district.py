"""Write a synthetic district of N compounds, for benchmarking noticeboard at scale.

    .venv/bin/python benchmarks/make_district.py --compounds 20 [--out DIR] [--seed 1]

Writes DIR/content/ (DIR defaults to benchmarks/.work/district-N): site.yaml
and, per compound, compound.yaml (with exclusive_area), rosters.yaml,
services.yaml (with the mediation station's figures for every quarter),
20 notices (one owners'-assembly notice, one with a CSV attachment), the
finances of 12 quarters (2023-Q4 to 2026-Q3: ledger, shared revenue, audit,
arrears) and two votes (an election and a decision). The Chinese text is
composed from the phrase lists below; nothing is fetched.

Deterministic: the same N and seed give byte-identical files, and compound
number i is the same whatever N is, so a smaller district is a prefix of a
larger one. The content is written to pass `noticeboard check --date
2026-11-25` with no errors and no warnings: balances reconcile in Decimal,
each quarter opens with the previous closing balance, shared-revenue
allocations add up to the net, ledger dates lie inside their quarter, postings
last the minimum counted as the Civil Code counts (generator.deadlines), audits
are signed by the supervision committee, phones are quoted strings, and no
number is long enough to look like an identity card.

An existing DIR/content/ is replaced only if this script wrote it (it leaves a
marker file there), so the real content/ can never be overwritten by mistake.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.deadlines import period_end  # noqa: E402
from generator.model.finance import Quarter  # noqa: E402

BENCHMARKS = Path(__file__).resolve().parent
MARKER = ".synthetic-district"  # hidden files are ignored by the loader
CENT = Decimal("0.01")
LOWEST_BALANCE = Decimal("5000.00")  # what a quarter leaves in the account at least
FIRST_QUARTER = Quarter(2023, 4)
QUARTERS = 12
NOTICES = 20
FIRST_NOTICE, DAYS_BETWEEN_NOTICES = date(2023, 10, 9), 59  # plus up to 9 days, so the last is in November 2026
DISTRICT = "澜溪区"
TERM_START, TERM_END = date(2023, 3, 1), date(2028, 2, 28)  # every owners' committee's term

# --- phrase lists -----------------------------------------------------------

PLACE_WORDS = [("翠湖", "cuihu"), ("锦江", "jinjiang"), ("桂园", "guiyuan"), ("澄湖", "chenghu"), ("康宁", "kangning"),
               ("梧桐", "wutong"), ("紫荆", "zijing"), ("碧水", "bishui"), ("金桥", "jinqiao"), ("银杏", "yinxing"),
               ("枫林", "fenglin"), ("和平", "heping"), ("幸福", "xingfu"), ("长青", "changqing"), ("春晖", "chunhui"),
               ("滨江", "binjiang"), ("望湖", "wanghu"), ("云台", "yuntai"), ("杏林", "xinglin"), ("松涛", "songtao"),
               ("兰亭", "lanting"), ("明珠", "mingzhu"), ("华庭", "huating"), ("丽景", "lijing"), ("阳光", "yangguang"),
               ("书香", "shuxiang"), ("龙泉", "longquan"), ("凤鸣", "fengming"), ("映月", "yingyue"),
               ("南山", "nanshan"),
               ("北辰", "beichen"), ("东方", "dongfang"), ("西溪", "xixi"), ("清风", "qingfeng"), ("秀水", "xiushui"),
               ("嘉禾", "jiahe"), ("安居", "anju"), ("宜家", "yijia"), ("天和", "tianhe"), ("瑞祥", "ruixiang")]
PLACE_KINDS = [("花园", "huayuan"), ("小区", "xiaoqu"), ("新村", "xincun"), ("苑", "yuan"), ("里", "li"),
               ("家园", "jiayuan"), ("雅居", "yaju")]
NUMERALS = "一二三四五六七八九"
STREETS = ["云台街道", "滨江街道", "望湖街道", "南山街道", "北辰街道", "龙泉街道"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢傅钟"
GIVEN_NAMES = ["建国", "秀英", "桂兰", "志强", "丽娟", "国华", "红梅", "德明", "淑珍", "晓东", "海燕", "文军", "玉兰",
               "永福", "美玲", "立新", "春花", "金凤", "振华", "小平", "凤英", "建平", "卫东", "秀兰", "志明", "桂芳",
               "家伟", "玉珍", "建军", "红霞", "晓梅", "长林", "德顺", "淑英", "建华", "国庆", "丽华", "鹏", "静", "磊"]
MANAGER_COMPANIES = ["{place}物业服务有限公司", "澜溪安居物业管理有限公司", "青禾城市服务有限公司",
                     "润泽物业服务有限公司"]
SUMMARIES = ["{name}建成于{built}年，共{buildings}栋{households}户，{history}",
             "{name}位于{street}，{built}年交付，{buildings}栋楼{households}户居民，{history}"]
HISTORIES = ["2023年在社区党委指导下成立业委会，每季度公示财务和共有收益。",
             "老年居民多，小区党支部组织党员志愿者结对帮扶独居老人，共有收益一部分用于助老服务。",
             "曾因停车和公共收益分配产生矛盾，经流动联调站调解后建立了议事协商制度。",
             "近年完成雨污分流和加装电梯改造，业主议事采取线上和纸质表决相结合的方式。"]

WATER_REASONS = ["二次供水水箱清洗消毒", "主供水管阀门更换", "地下管网漏点抢修", "市政管网改造接驳"]
POWER_REASONS = ["配电房设备年度检修", "楼道线路改造", "变压器增容施工", "供电公司线路切改"]
TIP_BULLETS = {
    "water": ["请提前储备生活用水，关好家中水龙头，防止来水时跑水。",
              "恢复供水初期水质可能浑浊，请放水几分钟后再使用。",
              "家中有卧床老人、婴幼儿需要送水的，请告诉楼栋长，安排人员送水上门。",
              "如到时仍未恢复供水，请拨打物业服务中心电话。"],
    "power": ["停电期间电梯停止运行，请勿乘坐电梯，上下楼注意安全。",
              "请提前关闭家中大功率电器，来电后再逐个打开。",
              "使用制氧机等医疗设备的家庭，请提前告诉楼栋长，安排备用电源。",
              "冰箱内食品请提前处理，尽量减少开门次数。"],
    "fire": ["楼道、消防通道内堆放的杂物请在检查前自行清理，逾期由物业统一清运。",
             "电动自行车严禁进楼入户、飞线充电，请到小区集中充电棚充电。",
             "请检查家中燃气软管是否老化，不使用时关闭燃气总阀。",
             "检查发现的隐患将书面告知住户，并在一周后复查。"],
    "waste": ["厨余垃圾请破袋投放，袋子投入其他垃圾桶。",
              "大件垃圾和装修垃圾请预约后放到指定堆放点，不要放在楼道。",
              "可回收物每周六上午在小区广场集中回收，可兑换生活用品。",
              "垃圾分类督导员每天早晚在投放点值守，欢迎居民报名当志愿者。"],
    "green": ["修剪期间树下请勿停放车辆，以免树枝掉落砸伤。",
              "打药当天请关好门窗，晾晒的衣物请提前收回。",
              "请看护好孩子和宠物，不要进入作业区域。",
              "对绿化有意见建议的，可投入业委会意见箱。"],
    "lift": ["维保期间电梯暂停使用约两小时，行动不便的老人请提前安排出行。",
             "发现电梯异响、抖动、困人，请立即按下警铃并拨打轿厢内的救援电话。",
             "请勿在电梯内蹦跳、扒门，不要让儿童单独乘坐电梯。",
             "维保记录张贴在电梯轿厢内，欢迎业主监督。"],
    "parking": ["临时停车前30分钟免费，超过按每小时2元收取。",
                "消防通道、单元门口严禁停车，违停车辆将张贴提示并通知车主挪车。",
                "车位月租收入属于全体业主的共有收益，每季度在财务公示中列明。",
                "新能源车主可向物业申请安装充电桩，须提供车位使用证明。"],
    "elderly": ["80岁以上、独居老人用餐可免费送餐上门，请提前一天登记。",
                "日间照料中心提供午休床位、测血压血糖，基础服务免费。",
                "党员志愿者每周上门探访独居老人一次，需要探访的请告诉楼栋长。",
                "需要代买药品、代办缴费的老人，可拨打志愿服务队电话。"],
    "festival": ["燃放烟花爆竹请到小区外指定地点，严禁在楼道、阳台燃放。",
                 "外出前请关好门窗和燃气阀门，贵重物品妥善保管。",
                 "节日期间物业服务中心每天有人值班，报修电话24小时畅通。",
                 "独居老人由楼栋长和志愿者每天电话问候。"],
    "works": ["施工区域设围挡，请勿进入，看护好孩子。",
              "每天施工时间为8:00—12:00、14:00—18:00，午休和夜间不进行有噪音的作业。",
              "顶层住户如发现室内渗漏加重，请及时告诉物业服务中心。",
              "施工材料堆放占用的停车位，已临时调整到小区北侧空地。"],
    "consult": ["意见征询表由楼栋长上门发放和收回，也可在线上小程序填写。",
                "方案详细材料放在物业服务中心，欢迎业主查阅。",
                "每户（一个专有部分）一份意见，请业主本人填写并签名。",
                "征询结果将在结束后3日内公示。"],
}
CLOSINGS = ["有疑问请向物业服务中心或业主委员会咨询，感谢大家的理解和支持。",
            "给大家带来不便，敬请谅解。如有意见建议，可投入业委会意见箱。",
            "请相互转告，特别是家中的老人。",
            "欢迎业主监督，有问题可向业主监督委员会反映。"]
AUDIT_OPINIONS = ["经核对银行流水、收据存根和发票，收支一致，共有收益分配与业主大会决议相符。",
                  "收支凭证齐全，金额与账面一致。建议维修支出继续实行三家比价。",
                  "账实相符。欠费户已逐户了解情况，确有困难的建议按规定申请减免。",
                  "经抽查凭证和合同，支出审批手续完整，停车收入与车位台账一致。"]


@dataclass(frozen=True)
class Topic:
    """A kind of notice: its web-address stem, category and phrases."""

    stem: str
    category: str
    title: str
    lead: str
    heading: str
    tips: str


TOPICS = [
    Topic("tingshui", "停水停电", "{b}栋停水通知",
          "因{water_reason}，{when}起，{b}栋将暂停供水，预计{hours}小时后恢复。", "注意事项", "water"),
    Topic("tingdian", "停水停电", "{b}栋、{b2}栋停电通知",
          "因{power_reason}，{when}起，{b}栋、{b2}栋将暂停供电，预计{hours}小时后恢复。", "注意事项", "power"),
    Topic("xiaofang", "安全提示", "开展消防安全检查的通知",
          "为消除火灾隐患，{manager}将于{when}会同社区对全小区{buildings}栋楼的楼道、消防设施进行检查。",
          "检查内容", "fire"),
    Topic("laji-fenlei", "环境卫生", "垃圾分类投放时间调整的通知",
          "根据街道垃圾分类工作安排，自{when}起，小区垃圾定时定点投放，投放点由原来的{count}个调整为{count2}个。",
          "投放要求", "waste"),
    Topic("lvhua", "环境卫生", "小区绿化修剪和病虫害防治的通知",
          "入{season}以来，小区部分树木枝叶过密、出现虫害。{manager}将于{when}对全小区绿化进行修剪和打药。",
          "温馨提示", "green"),
    Topic("dianti-weibao", "工程公告", "{b}栋电梯年度检验和维保安排",
          "根据特种设备安全规定，{b}栋电梯将于{when}进行年度检验和维护保养。", "请注意", "lift"),
    Topic("tingche", "停车管理", "地面停车位重新划线和临时停车收费的公告",
          "经业主大会决定，小区地面停车位将于{when}重新划线，车位由{count}个调整为{count2}个。",
          "收费和管理", "parking"),
    Topic("zhulao", "服务公告", "助老服务时间调整的公告",
          "为方便老人就餐和休息，自{when}起，小区助老服务点调整服务时间，并增加送餐上门。", "服务内容", "elderly"),
    Topic("jieri-anquan", "安全提示", "{festival}期间安全提示",
          "{festival}将至，为让大家过一个平安的节日，小区党支部、业委会和{manager}提醒大家注意以下事项。", "安全事项",
          "festival"),
    Topic("yijian-zhengxun", "意见征询", "{b}栋外墙维修方案意见征询",
          "{b}栋外墙瓷砖空鼓脱落，存在安全隐患。业委会拟使用专项维修资金约{budget}万元进行维修，现征询业主意见，"
          "征询时间为{when}。", "征询办法", "consult"),
]
ASSEMBLY = Topic("yezhu-dahui", "业主大会", "关于召开{year}年度业主大会的通知",
                 "根据《{compound}业主大会议事规则》，业委会定于{when}召开{year}年度业主大会，会议前15日公告。",
                 "审议事项", "consult")
WORKS = Topic("shigong", "工程公告", "{b}栋屋面防水和雨水管改造施工公告",
              "{b}栋屋面防水层老化渗漏，经业主表决同意使用专项维修资金维修，将于{when}开工，施工计划见附件。",
              "施工期间请注意", "works")
ASSEMBLY_AGENDA = ["业委会年度工作报告", "年度财务报告及业主监督委员会审核意见", "下一年度收支预算",
                   "共有收益分配方案", "续聘物业服务企业的方案", "修改管理规约的草案"]
FESTIVALS = {1: "春节", 2: "春节", 4: "清明节", 5: "劳动节", 6: "端午节", 9: "中秋节", 10: "国庆节"}
SEASONS = {1: "冬季", 2: "春季", 3: "春季", 4: "春季", 5: "夏季", 6: "夏季", 7: "夏季", 8: "夏季", 9: "秋季",
           10: "秋季", 11: "秋季", 12: "冬季"}

SERVICES = [
    ("助老服务", "{name}孝心食堂", "每天午餐、晚餐，软烂少盐；高龄、独居老人可送餐上门。",
     "午餐 11:00-12:30，晚餐 17:00-18:00", "社区活动中心一楼", "60岁以上老人午餐8元，80岁以上6元，其他居民每餐15元"),
    ("助老服务", "{name}日间照料中心", "白天托老、午休床位、测血压血糖、康复理疗、老年手机课。",
     "周一至周六 8:00-17:30", "社区活动中心二楼", "基础服务免费；午休床位每天3元"),
    ("助老服务", "小区党支部党员志愿服务队", "上门探访独居、空巢、高龄老人，代买药品、代办缴费。", "每周三、周六上午",
     None, "免费"),
    ("托育亲子", "{name}亲子驿站", "祖孙共读绘本、手工、亲子游戏；寒暑假小学生作业辅导。", "周二、周四 15:30-18:00",
     "社区活动中心一楼东侧", "免费"),
    ("矛盾调解", "{street}流动联调站", "邻里纠纷、漏水、停车、家庭纠纷的咨询和调解，可请律师现场解答。",
     "每周二 14:30-17:00", "党群服务站议事室", "免费"),
    ("物业服务", "{name}物业服务中心", "缴纳物业费、停车费，公共部位报修，开具收据。", "每天 8:00-20:00",
     "1栋旁物业服务中心", "物业费按合同标准收取"),
    ("便民服务", "小区党员志愿服务队", "义务理发、修小家电、磨剪刀。", "每月第一个周六 9:00-11:00", "小区广场", "免费"),
    ("医疗健康", "社区卫生服务站", "量血压、测血糖、慢病用药咨询、家庭医生签约。", "每月15日 9:00-11:30",
     "党群服务站一楼", "免费"),
]

MEDIATION_STATION = 4  # the index in SERVICES of the mobile mediation station, which every compound has


# --- YAML -------------------------------------------------------------------

class Phone(str):
    """A phone number, always written in quotes so YAML keeps it text."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Decimals as plain two-place figures, phones quoted, repeated values written out (no anchors)."""

    def ignore_aliases(self, data) -> bool:
        return True


_Dumper.add_representer(Decimal, lambda d, value: d.represent_scalar("tag:yaml.org,2002:float", f"{value:.2f}"))
_Dumper.add_representer(Phone, lambda d, value: d.represent_scalar("tag:yaml.org,2002:str", str(value), style='"'))


def to_yaml(data: dict, comment: str = "") -> str:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"# {comment}\n{text}" if comment else text


# --- small helpers ----------------------------------------------------------

def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def posting(rng: random.Random, start: date, minimum_days: int) -> dict:
    """From `start` until at least the Civil Code's end of `minimum_days`, plus a few days."""
    return {"from": start, "to": period_end(start, minimum_days) + timedelta(days=rng.randrange(0, 10))}


def mobile(rng: random.Random) -> Phone:
    return Phone(f"1{rng.choice('3589')}{rng.randrange(10)}{rng.randrange(10 ** 8):08d}")


def landline(rng: random.Random) -> Phone:
    return Phone(f"023-4{rng.randrange(10 ** 7):07d}")


# --- one compound -----------------------------------------------------------

@dataclass
class Compound:
    """The facts every file of one compound agrees on."""

    slug: str
    name: str
    place: str  # the place word of its name, also used for its road and community
    street: str
    households: int
    buildings: int
    exclusive_area: Decimal
    monthly_fee: int
    people: list[str]
    desk_phone: Phone

    @property
    def committee(self) -> str:
        return f"{self.name}业主委员会"

    @property
    def supervisors(self) -> list[str]:
        return self.people[10:13]

    @property
    def manager(self) -> str:
        return f"{self.name}物业服务中心"


def compound_identity(index: int) -> tuple[str, str, str]:
    """(web address, name, place word) of compound number `index`; web address and name are unique."""
    word, word_py = PLACE_WORDS[index % len(PLACE_WORDS)]
    kind, kind_py = PLACE_KINDS[index // len(PLACE_WORDS) % len(PLACE_KINDS)]
    phase = index // (len(PLACE_WORDS) * len(PLACE_KINDS))
    if phase == 0:
        return f"{word_py}-{kind_py}", f"{word}{kind}", word
    return f"{word_py}-{kind_py}-{phase + 1}", f"{word}{kind}{NUMERALS[phase % len(NUMERALS)]}期", word


def make_compound(rng: random.Random, index: int) -> Compound:
    slug, name, place = compound_identity(index)
    households = rng.randrange(180, 1200)
    area = money(households * rng.uniform(62, 118))
    names = rng.sample([s + g for s in SURNAMES for g in GIVEN_NAMES], 24)
    return Compound(slug, name, place, STREETS[index % len(STREETS)], households, rng.randrange(6, 30), area,
                    rng.choice([25, 30, 45, 60]), names, landline(rng))


def compound_files(seed: int, index: int) -> dict[str, str]:
    """Every file of compound number `index`, by path under content/."""
    rng = random.Random(f"{seed}-{index}")
    c = make_compound(rng, index)
    files = {
        "compound.yaml": to_yaml(profile(rng, c, index)),
        "rosters.yaml": to_yaml(rosters(rng, c)),
        "services.yaml": to_yaml(services(rng, c)),
    }
    files.update(notices(rng, c))
    files.update(finances(rng, c))
    files.update(votes(rng, c))
    return {f"{c.slug}/{path}": text for path, text in files.items()}


def profile(rng: random.Random, c: Compound, index: int) -> dict:
    built = rng.randrange(1985, 2016)
    summary = rng.choice(SUMMARIES).format(name=c.name, built=built, buildings=c.buildings, households=c.households,
                                           street=c.street, history=rng.choice(HISTORIES))
    community = f"{c.place}社区"
    return {
        "name": c.name,
        "address": f"{DISTRICT}{c.street}{c.place}路{rng.randrange(1, 300)}号",
        "households": c.households,
        "buildings": c.buildings,
        "exclusive_area": c.exclusive_area,
        "built": built,
        "summary": summary,
        "owners_committee": {
            "name": c.committee,
            "registration": {"kind": "民办非企业单位", "number": f"澜民非登〔2023〕第{index + 1:04d}号",
                             "registered_on": TERM_START + timedelta(days=30), "registrar": f"{DISTRICT}民政局"},
            "term_start": TERM_START,
            "term_end": TERM_END,
        },
        "property_manager": {"name": rng.choice(MANAGER_COMPANIES).format(place=c.place), "kind": "company",
                             "contract_until": date(2027, 12, 31), "phone": c.desk_phone, "phone_public": True},
        "party": {
            "street_committee": f"中共{DISTRICT}{c.street}工作委员会",
            "community_committee": f"中共{DISTRICT}{c.street}{community}委员会",
            "branch": f"中共{c.name}小区支部委员会",
            "building_groups": building_groups(c),
        },
        "contacts": [
            {"role": "物业服务中心（报修、缴费）", "name": "服务中心前台", "phone": c.desk_phone, "phone_public": True,
             "hours": "每天 8:00-20:00"},
            {"role": "业主委员会", "name": f"{c.people[5]}（主任）", "phone": mobile(rng), "hours": "工作日晚上"},
            {"role": "小区党支部", "name": f"{c.people[0]}（书记）", "phone": mobile(rng), "hours": "工作日白天"},
        ],
        "objections": {"to": f"{c.name}业主监督委员会", "place": "党群服务站意见箱", "phone": c.desk_phone,
                       "phone_public": True},
    }


def building_groups(c: Compound) -> list[dict]:
    thirds = [range(1, c.buildings // 3 + 1), range(c.buildings // 3 + 1, 2 * c.buildings // 3 + 1),
              range(2 * c.buildings // 3 + 1, c.buildings + 1)]
    return [{"name": f"第{NUMERALS[i]}楼栋党小组", "buildings": [f"{b}栋" for b in third], "leader": c.people[13 + i]}
            for i, third in enumerate(thirds)]


def rosters(rng: random.Random, c: Compound) -> dict:
    term = {"term_start": TERM_START, "term_end": TERM_END}

    def member(name: str, role: str, **extra) -> dict:
        return {"name": name, "role": role, **extra, "building": f"{rng.randrange(1, c.buildings + 1)}栋",
                "phone": mobile(rng)}

    party = [member(n, r, party_member=True, **term) for n, r in
             zip(c.people[0:5], ["书记", "副书记", "组织委员", "宣传委员", "纪检委员"])]
    owners = [member(n, r, **term) for n, r in zip(c.people[5:10], ["主任", "副主任", "委员（财务）", "委员", "委员"])]
    supervision = [member(n, r, **term) for n, r in zip(c.supervisors, ["主任", "委员", "委员"])]
    leaders = [member(n, f"第{NUMERALS[i]}楼栋党小组组长", party_member=True) for i, n in enumerate(c.people[13:16])]
    leaders.append({"name": c.people[16], "role": "1栋楼栋长",
                    "building": {"value": "1栋2单元302", "audience": "board"}, "phone": mobile(rng)})
    staff = [member(n, r) for n, r in zip(c.people[17:21], ["项目经理", "保洁主管", "维修工", "秩序维护员"])]
    staff.append({"name": c.people[21], "role": "夜班门卫", "audience": "never", "phone": mobile(rng)})
    return {"groups": [
        {"name": f"中共{c.name}小区支部委员会", "kind": "party_branch", "members": party},
        {"name": c.committee, "kind": "owners_committee", "members": owners},
        {"name": f"{c.name}业主监督委员会", "kind": "supervision_committee", "members": supervision},
        {"name": "楼栋党小组组长和楼栋长", "kind": "building_group_leaders", "members": leaders},
        {"name": "物业服务人员", "kind": "property_staff", "members": staff},
    ]}


def services(rng: random.Random, c: Compound) -> dict:
    chosen = sorted(set(rng.sample(range(len(SERVICES)), 6)) | {MEDIATION_STATION})
    entries = []
    for i in chosen:
        category, provider, offers, schedule, place, price = SERVICES[i]
        entry = {"category": category, "provider": provider.format(name=c.name, street=c.street), "offers": offers,
                 "schedule": schedule, "place": place, "phone": c.desk_phone, "phone_public": True, "price": price}
        entries.append({k: v for k, v in entry.items() if v is not None})
    entries.append({"category": "便民服务", "provider": "邻里互助家政小组", "offers": "打扫卫生、陪同就医，按次收费。",
                    "audience": "board", "phone": mobile(rng), "price": "每小时30元"})
    mediation = []
    for quarter in quarters():
        received = rng.randrange(2, 25)
        mediation.append({"period": str(quarter), "received": received, "resolved": received - rng.randrange(3)})
    return {"services": entries, "mediation": mediation}


# --- notices ----------------------------------------------------------------

def notices(rng: random.Random, c: Compound) -> dict[str, str]:
    """NOTICES notices, oldest first: the assembly notice last, the one with an attachment halfway."""
    ordinary = TOPICS[:]
    rng.shuffle(ordinary)
    files = {}
    for k in range(NOTICES):
        day = FIRST_NOTICE + timedelta(days=k * DAYS_BETWEEN_NOTICES + rng.randrange(10))
        topic = ASSEMBLY if k == NOTICES - 1 else WORKS if k == NOTICES // 2 else ordinary[k % len(ordinary)]
        slug = f"{topic.stem}-{day:%Y%m%d}"
        front, body = notice(rng, c, topic, day)
        if topic is WORKS:
            front["attachments"] = [{"file": "shigong-jihua.csv", "title": "施工进度计划表"}]
            files[f"notices/{slug}/index.md"] = f"---\n{to_yaml(front)}---\n\n{body}"
            files[f"notices/{slug}/shigong-jihua.csv"] = works_plan(rng, day)
        else:
            files[f"notices/{slug}.md"] = f"---\n{to_yaml(front)}---\n\n{body}"
    return files


def notice(rng: random.Random, c: Compound, topic: Topic, day: date) -> tuple[dict, str]:
    """The front matter and the Markdown body of one notice."""
    values = notice_values(rng, c, topic, day)
    title = topic.title.format(**values)
    lead = topic.lead.format(**values)
    front = {"title": title, "date": day, "category": topic.category,
             "posting": posting(rng, day, 15 if topic is ASSEMBLY else 7)}
    if topic is ASSEMBLY:
        front["pinned"] = True
    front["summary"] = lead.split("。")[0] + "。"
    items = ASSEMBLY_AGENDA[:4] if topic is ASSEMBLY else rng.sample(TIP_BULLETS[topic.tips], 3)
    numbered = topic is ASSEMBLY
    bullets = "\n".join(f"{i}. {item}" if numbered else f"- {item}" for i, item in enumerate(items, start=1))
    signer = c.committee if topic.category in ("业主大会", "意见征询") else f"{c.committee}　{c.manager}"
    body = (f"各位业主、住户：\n\n{lead}\n\n## {topic.heading}\n\n{bullets}\n\n"
            f"## 各楼栋安排\n\n{schedule_table(rng, c, day)}\n\n"
            f"{rng.choice(CLOSINGS)}联系电话：{c.desk_phone}。\n\n{signer}\n\n{cn_date(day)}\n")
    return front, body


def notice_values(rng: random.Random, c: Compound, topic: Topic, day: date) -> dict:
    """What a topic's phrases may mention: {b} and {b2} are two different buildings."""
    start = day + timedelta(days=16 if topic is ASSEMBLY else rng.randrange(2, 6))
    building = rng.randrange(1, c.buildings + 1)
    return {
        "b": building, "b2": building % c.buildings + 1,
        "when": f"{start.month}月{start.day}日{rng.choice(['8:30', '9:00', '14:00'])}",
        "hours": rng.randrange(3, 9), "water_reason": rng.choice(WATER_REASONS),
        "power_reason": rng.choice(POWER_REASONS), "manager": c.manager, "buildings": c.buildings,
        "count": rng.randrange(6, 12), "count2": rng.randrange(4, 9), "season": SEASONS[day.month],
        "festival": FESTIVALS.get(day.month, "节假日"), "budget": rng.randrange(8, 40), "year": day.year,
        "compound": c.name,
    }


def schedule_table(rng: random.Random, c: Compound, day: date) -> str:
    """A small Markdown table of who does what when, as most notices carry."""
    rows = []
    for offset in range(rng.randrange(2, 5)):
        when = day + timedelta(days=3 + 2 * offset)
        rows.append(f"| {when.month}月{when.day}日 | {rng.randrange(1, c.buildings + 1)}栋 | "
                    f"{rng.choice(c.people[13:21])} |")
    return "| 日期 | 楼栋 | 负责人 |\n|---|---|---|\n" + "\n".join(rows)


def works_plan(rng: random.Random, day: date) -> str:
    stages = ["搭设脚手架", "铲除旧防水层", "铺设防水卷材", "更换雨水管", "闭水试验和验收"]
    lines = ["\ufeff阶段,开始日期,结束日期,说明"]  # with the byte-order mark that Excel writes and reads
    start = day + timedelta(days=7)
    for stage in stages:
        end = start + timedelta(days=rng.randrange(3, 9))
        lines.append(f"{stage},{start},{end},遇雨顺延")
        start = end + timedelta(days=1)
    return "\n".join(lines) + "\n"


# --- finances ---------------------------------------------------------------

def quarters() -> list[Quarter]:
    found = [FIRST_QUARTER]
    while len(found) < QUARTERS:
        found.append(found[-1].next())
    return found


def finances(rng: random.Random, c: Compound) -> dict[str, str]:
    files = {}
    balance = money(rng.randrange(40_000, 160_000) + rng.random())
    fund, allotted = money(rng.randrange(300_000, 900_000) + rng.random()), money(0)
    for quarter in quarters():
        data = finance(rng, c, quarter, balance)
        data["maintenance_fund"] = maintenance_fund(quarter, fund, allotted)
        balance, fund = data["closing_balance"], data["maintenance_fund"]["closing_balance"]
        allotted = sum(a["amount"] for a in data["shared_revenue"]["allocations"] if a["kind"] == "maintenance_fund")
        title = f"{c.name} {quarter.year}年第{NUMERALS[quarter.number - 1]}季度财务公示"
        files[f"finances/{quarter}.yaml"] = to_yaml(data, title)
    return files


def finance(rng: random.Random, c: Compound, quarter: Quarter, opening: Decimal) -> dict:
    parking, adverts = parking_lines(rng, quarter), advert_lines(rng, quarter)
    income = fee_lines(rng, c, quarter) + parking + adverts
    expenses = expense_lines(rng, c, quarter, opening)
    # No account goes below zero: the wages paid are what is left (and `check` warns of a balance below zero).
    shortfall = sum(line["amount"] for line in expenses) - opening - sum(line["amount"] for line in income)
    if shortfall > -LOWEST_BALANCE:
        expenses[0]["amount"] -= shortfall + LOWEST_BALANCE
    number_vouchers(quarter, income + expenses)
    income.sort(key=lambda line: line["date"])
    expenses.sort(key=lambda line: line["date"])
    closing = opening + sum(line["amount"] for line in income) - sum(line["amount"] for line in expenses)
    posted = quarter.last_day + timedelta(days=rng.randrange(8, 25))  # due 30 days after the quarter
    return {
        "opening_balance": opening, "closing_balance": closing, "income": income, "expenses": expenses,
        "shared_revenue": shared_revenue(rng, parking, adverts),
        "audit": {"by": rng.sample(c.supervisors, rng.randrange(2, 4)), "date": posted - timedelta(days=2),
                  "opinion": rng.choice(AUDIT_OPINIONS)},
        "arrears": arrears(rng, c),
        "posting": posting(rng, posted, 7),
    }


def maintenance_fund(quarter: Quarter, opening: Decimal, allotted: Decimal) -> dict:
    """The fund's account in the quarter: the shared revenue the quarter before allotted to it, paid in, and the
    account's interest."""
    deposits = [{"date": quarter.first_day + timedelta(days=14), "source": "上季度共有收益划入", "amount": allotted}
                ] if allotted else []
    deposits.append({"date": date(quarter.year, quarter_months(quarter)[2], 21), "source": "专户季度结息",
                     "amount": money(opening * Decimal("0.00087"))})
    return {"held_by": "青岚区住房和城乡建设委员会物业专项维修资金专户", "opening_balance": opening,
            "closing_balance": opening + sum(deposit["amount"] for deposit in deposits), "deposits": deposits,
            "uses": []}


def arrears(rng: random.Random, c: Compound) -> list[dict]:
    """Units behind on fees (printed for the board only, by default)."""
    found = []
    for _ in range(rng.randrange(0, 4)):
        months = rng.randrange(3, 13)
        building, entrance = rng.randrange(1, c.buildings + 1), rng.randrange(1, 4)
        unit = f"{building}栋{entrance}单元{rng.randrange(1, 7)}0{rng.randrange(1, 5)}"
        found.append({"unit": unit, "months": months, "amount": money(months * c.monthly_fee)})
    return found


def ledger_line(day: date, category: str, description: str, amount: Decimal) -> dict:
    return {"date": day, "category": category, "description": description, "amount": amount}


def number_vouchers(quarter: Quarter, lines: list[dict]) -> None:
    """Voucher numbers in date order, counted through the year (40 a quarter at most)."""
    first = (quarter.number - 1) * 40 + 1
    for number, line in enumerate(sorted(lines, key=lambda line: line["date"]), start=first):
        line["voucher"] = f"记-{quarter.year}-{number:03d}"


def quarter_months(quarter: Quarter) -> list[int]:
    return [quarter.first_day.month + i for i in range(3)]


def fee_lines(rng: random.Random, c: Compound, quarter: Quarter) -> list[dict]:
    lines = []
    for month in quarter_months(quarter):
        paying = c.households - rng.randrange(0, c.households // 10)
        lines.append(ledger_line(date(quarter.year, month, 20), "物业费", f"收取{month}月物业费（{paying}户）",
                                 money(paying * c.monthly_fee)))
    lines.append(ledger_line(quarter.last_day, "利息收入", "对公账户季度结息", money(rng.uniform(20, 90))))
    return lines


def parking_lines(rng: random.Random, quarter: Quarter) -> list[dict]:
    spaces = rng.randrange(40, 160)
    return [ledger_line(date(quarter.year, month, 28), "共有收益-停车", f"{month}月地面停车位月租（{spaces}个）",
                        money(spaces * 80)) for month in quarter_months(quarter)]


def advert_lines(rng: random.Random, quarter: Quarter) -> list[dict]:
    sources = [("共有收益-广告", "电梯轿厢广告位季度租金", 2400, 9000),
               ("共有收益-基站", "通信基站场地季度租金", 2000, 4000)]
    day = date(quarter.year, quarter_months(quarter)[2], 10)
    return [ledger_line(day, category, text, money(rng.randrange(low, high)))
            for category, text, low, high in rng.sample(sources, rng.randrange(1, 3))]


def expense_lines(rng: random.Random, c: Compound, quarter: Quarter, opening: Decimal) -> list[dict]:
    """Wages, utilities and repairs, about as much as the fees bring in; less when the balance runs low."""
    fees = c.households * c.monthly_fee * 3
    share = rng.uniform(0.8, 1.0) if opening > 30_000 else 0.5
    last = quarter.last_day
    lines = [ledger_line(last, "人员工资", f"支付{quarter_months(quarter)[0]}—{last.month}月保洁、秩序维护人员工资",
                         money(fees * share)),
             ledger_line(last - timedelta(days=10), "公共水电", "支付本季度楼道照明、电梯及公共区域电费",
                         money(rng.uniform(0.08, 0.15) * fees))]
    for _ in range(rng.randrange(1, 4)):
        day = random_day(rng, quarter.first_day, last)
        lines.append(ledger_line(day, "维修", f"维修{rng.randrange(1, c.buildings + 1)}栋"
                                 f"{rng.choice(['楼道灯', '单元门禁', '雨水管', '屋面渗漏', '消防栓'])}",
                                 money(rng.uniform(0.02, 0.12) * fees)))
    return lines


def shared_revenue(rng: random.Random, parking: list[dict], adverts: list[dict]) -> dict:
    parking_gross = sum(line["amount"] for line in parking)
    sources = [{"source": "地面停车位", "gross": parking_gross, "costs": money(parking_gross * Decimal("0.05")),
                "cost_note": "收费员补贴和票据印制"}]
    sources += [{"source": line["category"].split("-")[1] + "场地和广告位", "gross": line["amount"], "costs": money(0),
                 "cost_note": "无成本"} for line in adverts]
    net = sum(s["gross"] - s["costs"] for s in sources)
    return {"sources": sources, "allocations": allocations(rng, net)}


def allocations(rng: random.Random, net: Decimal) -> list[dict]:
    """Shares of the net, rounded down; the reserve takes the rest, so they add up exactly."""
    subsidy = (net * Decimal(rng.randrange(40, 60)) / 100).quantize(CENT, rounding=ROUND_DOWN)
    dividend = (net * Decimal(rng.randrange(10, 20)) / 100).quantize(CENT, rounding=ROUND_DOWN)
    fund = (net * Decimal(rng.randrange(10, 20)) / 100).quantize(CENT, rounding=ROUND_DOWN)
    return [{"kind": "fee_subsidy", "amount": subsidy, "note": "补贴物业费，维持收费标准不上涨"},
            {"kind": "dividend", "amount": dividend, "note": "按专有部分面积分配，年初发放"},
            {"kind": "maintenance_fund", "amount": fund, "note": "补充专项维修资金"},
            {"kind": "reserve", "amount": net - subsidy - dividend - fund, "note": "留存，用于公共设施应急维修"}]


# --- votes ------------------------------------------------------------------

def votes(rng: random.Random, c: Compound) -> dict[str, str]:
    return {"votes/committee-election-2023.yaml": to_yaml(election(rng, c)),
            "votes/maintenance-fund-2026.yaml": to_yaml(decision(rng, c))}


def share_of(rng: random.Random, owners: int, electorate: dict) -> dict:
    """A tally of `owners` owners, with an area in proportion (rounded down, so sums never exceed the whole)."""
    if owners == 0:
        return {"owners": 0, "area": money(0)}
    exact = electorate["area"] * owners / electorate["owners"] * Decimal(str(rng.uniform(0.97, 1.0)))
    return {"owners": owners, "area": max(exact.quantize(CENT, rounding=ROUND_DOWN), CENT)}


def vote_dates(rng: random.Random, counted: date) -> dict:
    return {"date": counted, "voting": {"from": counted - timedelta(days=15), "to": counted - timedelta(days=1)},
            "posting": {"from": counted + timedelta(days=1), "to": counted + timedelta(days=rng.randrange(15, 20))}}


def electorate_of(rng: random.Random, c: Compound) -> dict:
    return {"owners": c.households - rng.randrange(0, 6), "area": c.exclusive_area}


def election(rng: random.Random, c: Compound) -> dict:
    everyone = electorate_of(rng, c)
    cast = [share_of(rng, rng.randrange(int(everyone["owners"] * 0.35), int(everyone["owners"] * 0.45)), everyone)
            for _ in range(2)]
    participants = {"owners": cast[0]["owners"] + cast[1]["owners"], "area": cast[0]["area"] + cast[1]["area"]}
    seats = 5
    shares = [rng.uniform(0.55, 0.8) for _ in range(seats)] + [rng.uniform(0.1, 0.35) for _ in range(2)]
    candidates = [{"name": name, **share_of(rng, int(participants["owners"] * s), participants)}
                  for name, s in zip(c.people[5:10] + c.people[22:24], shares)]
    return {"title": f"{c.name}第二届业主委员会选举", "kind": "election", "matter": "elect_committee",
            "summary": "业主大会以线上和纸质投票选举业主委员会委员。",
            "issuer": f"{c.name}业主委员会换届选举工作小组",  # counted before the committee it elects took office
            **vote_dates(rng, TERM_START - timedelta(days=rng.randrange(1, 20))),
            "electorate": everyone,
            "ballots": [{"channel": "paper", "cast": cast[0]}, {"channel": "online", "cast": cast[1]}],
            "seats": seats, "candidates": candidates,
            "counting": {"counted_by": c.people[17:19], "supervised_by": c.supervisors[:2],
                         "notes": "社区党委派员现场监督，纸质票当众开箱、唱票、计票。"}}


def decision(rng: random.Random, c: Compound) -> dict:
    everyone = electorate_of(rng, c)
    ballots = []
    for channel, fraction in (("paper", 0.45), ("online", 0.3)):
        cast = int(everyone["owners"] * fraction)
        yes = int(cast * rng.uniform(0.6, 0.9))
        abstain = rng.randrange(0, max(1, cast - yes) // 2 + 1)
        ballots.append({"channel": channel, "yes": share_of(rng, yes, everyone),
                        "no": share_of(rng, cast - yes - abstain, everyone),
                        "abstain": share_of(rng, abstain, everyone)})
    return {"title": "关于续筹专项维修资金的表决", "kind": "decision", "matter": "raise_maintenance_fund",
            "summary": "专项维修资金余额不足首期交存额的30%，按专有部分面积每平方米10元续筹。",
            **vote_dates(rng, date(2026, 6, 1) + timedelta(days=rng.randrange(90))),
            "electorate": everyone, "ballots": ballots,
            "counting": {"counted_by": c.people[6:8], "supervised_by": c.supervisors[1:3],
                         "notes": "一人多套的按一人计；纸质票由楼栋长上门送达、收回。"}}


# --- the district -----------------------------------------------------------

def site_yaml() -> str:
    return to_yaml({"title": f"{DISTRICT}小区公开栏（基准测试用合成数据）", "base_url": "https://notice.example.org/",
                    "language": "zh-CN", "district": DISTRICT, "timezone": "Asia/Shanghai",
                    "description": "由 benchmarks/make_district.py 生成的虚构小区，用于测量生成速度。"})


def district_files(compounds: int, seed: int) -> dict[str, str]:
    files = {"site.yaml": site_yaml(), MARKER: f"compounds={compounds} seed={seed}\n"}
    for index in range(compounds):
        files.update(compound_files(seed, index))
    return files


def write_district(out: Path, compounds: int, seed: int) -> Path:
    """Write the district into out/content/ and return that folder."""
    content = out / "content"
    if content.exists():
        if not (content / MARKER).is_file():
            raise SystemExit(f"{content} exists and was not written by this script; refusing to replace it")
        shutil.rmtree(content)
    for path, text in district_files(compounds, seed).items():
        target = content / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compounds", type=int, required=True, help="how many compounds")
    parser.add_argument("--out", type=Path, help="folder to write content/ into (default benchmarks/.work/district-N)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args()
    content = write_district(args.out or BENCHMARKS / ".work" / f"district-{args.compounds}", args.compounds, args.seed)
    print(f"wrote {args.compounds} compounds into {content}")


if __name__ == "__main__":
    main()
