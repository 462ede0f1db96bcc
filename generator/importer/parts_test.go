package importer

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"qualityportal/generator/content"
)

func TestParseMetaLine(t *testing.T) {
	tests := []struct {
		in   string
		want string // label=value pairs joined by "; ", "" for not metadata
	}{
		// The 信息索引号 pipe table (椒江).
		{"信息索引号: | 1133100200267413X7/2022-145457 | 主题分类: | |", "信息索引号=1133100200267413X7/2022-145457; 主题分类="},
		{"体裁分类: | 发布机构: | 区发展改革局(区粮食物资局) | |", "体裁分类=; 发布机构=区发展改革局(区粮食物资局)"},
		{"成文日期: | 2022- 07- 15 | 公开方式: | 主动公开 |", "成文日期=2022- 07- 15; 公开方式=主动公开"},
		// The bullet list (三门, 海盐).
		{"  • 信息索引号:", "信息索引号="},
		{"  • 发布时间: 2021-11-19 11: 36", "发布时间=2021-11-19 11: 36"},
		{"  • 浏览次数:", "浏览次数="},
		// Inline labels (瑞安) and a leading date (三门).
		{"发布日期: 2023- 06- 27 16: 50: 12 浏览次数: 来源: 瑞安市人民政府 字体:[ ]", "发布日期=2023- 06- 27 16: 50: 12; 浏览次数=; 来源=瑞安市人民政府; 字体=[ ]"},
		{"2025-06-06 10:55 来源:县发改局(县粮食和物资储备局)浏览次数:", "发布日期=2025-06-06 10:55; 来源=县发改局(县粮食和物资储备局); 浏览次数="},
		// Labels glued to their values (三门).
		{"索引号11331022741025061F/2025-107946 文号", "索引号=11331022741025061F/2025-107946; 文号="},
		{"成文日期2025-06-06 发布机构县发改局(县粮食和物资储备局)", "成文日期=2025-06-06; 发布机构=县发改局(县粮食和物资储备局)"},
		{"规范性文件登记号", "规范性文件登记号="},
		// Full-width colons.
		{"信息来源\uff1a县市场监管局", "信息来源=县市场监管局"},
		// Not metadata.
		{"三门县质量强县建设“十四五”规划", ""},
		{"以提升发展质量和效益为中心,紧扣深化供给侧结构性改革主线", ""},
		{"来源于企业的数据 | 表格", ""},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range parseMetaLine(tt.in) {
			got = append(got, f.Label+"="+f.Value)
		}
		if g := strings.Join(got, "; "); g != tt.want {
			t.Errorf("parseMetaLine(%q) = %q; want %q", tt.in, g, tt.want)
		}
	}
}

func TestNormDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2022- 07- 15", "2022-07-15"},
		{"2021-11-19 11: 36", "2021-11-19 11:36"},
		{"2023- 06- 27 16: 50: 12", "2023-06-27 16:50:12"},
		{"2025-6-6", "2025-06-06"},
		{"2022年7月15日", "2022-07-15"},
		{"二〇一一年十一月", ""},
		{"2022", ""},
	}
	for _, tt := range tests {
		if got, _ := normDate(tt.in); got != tt.want {
			t.Errorf("normDate(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if y, m, d, ok := cnDate("二〇一一年十一月"); !ok || y != 2011 || m != 11 || d != 0 {
		t.Errorf("cnDate(二〇一一年十一月) = %d, %d, %d, %v; want 2011, 11, 0, true", y, m, d, ok)
	}
}

func TestParseHeading(t *testing.T) {
	next := func(n int) func(int) int { return func(int) int { return n } }
	tests := []struct {
		in     string
		expect int
		want   string // "level|title|body", "" for not a heading
	}{
		{"一、发展基础", 1, "2|一、发展基础|"},
		{"十二、保障措施", 1, "2|十二、保障措施|"},
		{"(一)现实基础", 1, "3|(一)现实基础|"},
		{"\uff08三\uff09发展目标", 1, "3|\uff08三\uff09发展目标|"},
		{"1.各领域质量发展全面提升", 1, "4|1.各领域质量发展全面提升|"},
		{"1、浙江全面推进质量强省建设,助推经济发展方式转变", 1, "4|1、浙江全面推进质量强省建设,助推经济发展方式转变|"},
		{"(1)重点产品", 1, "5|(1)重点产品|"},
		{"2)加强监管", 2, "5|2)加强监管|"},
		// Lead-ins: the heading and its paragraph.
		{"1.创新突破。把创新摆在质量发展全局的核心位置。", 1, "4|1.创新突破|把创新摆在质量发展全局的核心位置。"},
		{"(一)提升产品质量。深入探索建立大维权机制。", 1, "3|(一)提升产品质量|深入探索建立大维权机制。"},
		// "2." is the heading number when 2 is the next heading, not a decimal.
		{"2.2035年远景目标", 2, "4|2.2035年远景目标|"},
		{"3.2万件商标注册", 1, ""},
		// Not headings: list items, long sentences, numbers alone.
		{"1)《国家质量发展纲要(2011-2020年)》;", 1, ""},
		{"1、深度融入全省质量监管、市场监管数字场景;", 1, ""},
		{"四大质量稳步提升。十三五以来,全县深入推进“三强一制造”工作。", 1, ""},
		{"17", 1, ""},
		{"2020年,基本形成以市场主体责任落实为核心", 1, ""},
	}
	for _, tt := range tests {
		h, ok := parseHeading(tt.in, next(tt.expect))
		got := ""
		if ok {
			got = fmt.Sprintf("%d|%s|%s", h.Level, h.Title, h.Body)
		}
		if got != tt.want {
			t.Errorf("parseHeading(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestChineseNum(t *testing.T) {
	for in, want := range map[string]int{"一": 1, "十": 10, "十一": 11, "二十": 20, "二十三": 23, "九十九": 99, "零": 0, "十十": 0} {
		if got := chineseNum(in); got != want {
			t.Errorf("chineseNum(%q) = %d; want %d", in, got, want)
		}
	}
}

func TestBoxes(t *testing.T) {
	tests := []struct {
		in   string
		want string // title, then the items, joined by " / "
	}{
		// One line of numbered items ending in a table bar (椒江).
		{"专栏3-1:椒江区“十四五”制造业重点产业发展战略 |\n1.医药健康:立足现有基础。 2.缝制设备:强化创新驱动。 3.智能家居:充分发挥先发优势,加大2.0版投入。 |\n完善企业质量管理制度。",
			"专栏3-1 | 椒江区“十四五”制造业重点产业发展战略 / 1. 医药健康:立足现有基础。 / 2. 缝制设备:强化创新驱动。 / 3. 智能家居:充分发挥先发优势,加大2.0版投入。"},
		{"专栏:3-14: 椒江区服务业重点领域标准化建设 |\n1.旅游业。贯彻落实。 2.商贸业。推进。 |", "专栏3-14 | 椒江区服务业重点领域标准化建设 / 1. 旅游业。贯彻落实。 / 2. 商贸业。推进。"},
		{"专栏4-1: 标准基础建设战略 |\n1.引导企业建立标准化管理体系。 |", "专栏4-1 | 标准基础建设战略 / 1. 引导企业建立标准化管理体系。"},
		// One item per line (三门, 瑞安).
		{"专栏1:完善质量治理体系\n\n1、深度融入全省质量监管、市场监管数字场景;\n\n2、完善三门质量共治体系助推区域质量提升。                \n\n\u00a0\n\n(二)提升“四大质量”水平",
			"专栏1 | 完善质量治理体系 / 1. 深度融入全省质量监管、市场监管数字场景; / 2. 完善三门质量共治体系助推区域质量提升。"},
		{"专栏4.1 品牌建设体系实施重点\n1、到2015年,创建国家级优质产品生产示范区1个;\n2、进一步完善品牌激励机制。\n(二)技术创新体系",
			"专栏4.1 | 品牌建设体系实施重点 / 1. 到2015年,创建国家级优质产品生产示范区1个; / 2. 进一步完善品牌激励机制。"},
	}
	for _, tt := range tests {
		p := newTestParser(tt.in)
		p.body(0)
		var got []string
		for _, b := range p.blocks {
			if b.Kind == bBox {
				got = append(got, b.Title)
				for _, it := range b.Items {
					got = append(got, fmt.Sprintf("%d%s %s", it.Num, it.Delim, it.Text))
				}
			}
		}
		if g := strings.Join(got, " / "); g != tt.want {
			t.Errorf("box(%q) = %q; want %q", tt.in, g, tt.want)
		}
	}
}

func newTestParser(text string) *parser {
	p := &parser{
		opts:     &Options{},
		lines:    splitLines([]byte(text)),
		metaLine: map[string]int{},
		lastNum:  map[int]int{},
		anchors:  map[string]bool{"intro": true},
		section:  "intro",
		rep:      &Report{},
	}
	p.why = make([]string, len(p.lines))
	return p
}

// rowString prints a row the way the tests compare them.
func rowString(r content.Row) string {
	s := fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s", r.Category, r.No, r.Label, r.Unit, r.Baseline, r.Target, r.Actual, r.Status)
	return s
}

func TestTables(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		columns string
		kind    string
		years   string // baseline/target/actual
		note    string
		rows    []string
	}{
		{
			name: "pipe rows, category omitted on continuation rows, trailing empty cells (椒江 表1)",
			in: "表1 “十三五”时期质量发展主要指标完成情况\n类别 | 序号 | 指标名称 | 2020年目标 | 2020年实绩 | 完成情况 |\n" +
				"质量建设 | 1 | 制造业产品质量合格率(%) | 95 | 99 | 完成 |\n2 | 农产品抽查合格率(%) | 98 | 98 | 完成 | |\n" +
				"标 准 建 设 | 9 | 制定“浙江制造”标准(项) | 5 | 19 | 完成 |\n10 | 各级地方标准规范(项) | 10 | 13 | 完成 |\n" +
				"注:“十三五”期间已停止统计或选评的部分指标不再列入。",
			columns: "类别,序号,指标名称,2020年目标,2020年实绩,完成情况", kind: "review", years: "0/2020/2020",
			note: "注:“十三五”期间已停止统计或选评的部分指标不再列入。",
			rows: []string{
				"质量建设|1|制造业产品质量合格率(%)|%||95|99|完成",
				"质量建设|2|农产品抽查合格率(%)|%||98|98|完成",
				"标准建设|9|制定“浙江制造”标准(项)|项||5|19|完成",
				"标准建设|10|各级地方标准规范(项)|项||10|13|完成",
			},
		},
		{
			name: "pipe rows with a unit column and dashes (椒江 表2)",
			in: "类别 | 指标 | 单位 | 2020年 | 2025年目标 |\n质量建设 | 制造业产品质量合格率 | % | 99 | ≥99 |\n" +
				"各级标准创新贡献奖组织 | 家 | - | 6 | |\n国内有效商标注册数(累计) | 万件 | 3.2 | 5 |",
			columns: "类别,指标,单位,2020年,2025年目标", kind: "target", years: "2020/2025/0",
			rows: []string{
				"质量建设||制造业产品质量合格率|%|99|≥99||",
				"质量建设||各级标准创新贡献奖组织|家|-|6||",
				"质量建设||国内有效商标注册数(累计)|万件|3.2|5||",
			},
		},
		{
			name: "one cell per line, unit cells missing where empty (三门)",
			in: "质量强县建设“十四五”规划主要指标\n\n类别\n\n指标\n\n单位\n\n2020年实绩\n\n2025年目标\n\n质量建设\n\n台州市政府质量奖企业(累计)\n\n3\n\n5\n\n" +
				"农产品质量安全监测合格率\n\n%\n\n98.1\n\n98.2以上\n\n标准建设\n\n主导和参与制修订国际标准(新增)\n\n1\n\n-\n\n\u00a0\n\n三、重点任务",
			columns: "类别,指标,单位,2020年实绩,2025年目标", kind: "target", years: "2020/2025/0",
			rows: []string{
				"质量建设||台州市政府质量奖企业(累计)||3|5||",
				"质量建设||农产品质量安全监测合格率|%|98.1|98.2以上||",
				"标准建设||主导和参与制修订国际标准(新增)||1|-||",
			},
		},
		{
			name: "one cell per line, a category over two lines, header cell over two lines, values as printed (海盐 表1)",
			in: "“十三五”时期主要指标完成表\n分类\n工作内容及指标\n“十三五”指标目标\n2020年\n数据\n完成指标情况\n质量管理\n新增各级政府质量奖\n10家\n{15}家\n完成\n" +
				"产品\n质量\n工业产品监督抽查合格率\n96%\n<97.1%>\n完成\n工程质量安全\n重大质量安全零事故\n重大质量安全零事故\n完成\n" +
				"环境\n质量\n空气质量达标(优良)天数比例\n大于85%(AQI)\n94.8%\n完成\n细颗粒物(PM2.5)浓度\n35µg/m3\n27µg/m3\n完成\n" +
				"注:①{}内为五年新增数。②<>内为五年平均数",
			columns: "分类,工作内容及指标,“十三五”指标目标,2020年数据,完成指标情况", kind: "review", years: "0/2020/2020",
			note: "注:①{}内为五年新增数。②<>内为五年平均数",
			rows: []string{
				"质量管理||新增各级政府质量奖|家||10家|{15}家|完成",
				"产品质量||工业产品监督抽查合格率|%||96%|<97.1%>|完成",
				"产品质量||工程质量安全|||重大质量安全零事故|重大质量安全零事故|完成",
				"环境质量||空气质量达标(优良)天数比例|%||大于85%(AQI)|94.8%|完成",
				"环境质量||细颗粒物(PM2.5)浓度|µg/m3||35µg/m3|27µg/m3|完成",
			},
		},
		{
			name: "numbered rows and a cell shared by four rows (瑞安)",
			in: "分类\n序号\n指标名称\n单位\n2015年规划值\n产品质量\n1\n国家级品牌(累计)\n50\n2\n规模以上工业企业质量管理体系认证率\n%\n80\n" +
				"环境质量\n17\n主要污染物排放总量\n化学需氧量\n万吨\n完成上级下达任务\n二氧化硫\n氮氧化物\n氨氮\n\u00a0\n三、深入实施四个质量提升工程",
			columns: "分类,序号,指标名称,单位,2015年规划值", kind: "target", years: "0/2015/0",
			rows: []string{
				"产品质量|1|国家级品牌(累计)|||50||",
				"产品质量|2|规模以上工业企业质量管理体系认证率|%||80||",
				"环境质量|17|主要污染物排放总量 化学需氧量|万吨||完成上级下达任务||",
				"环境质量|17|主要污染物排放总量 二氧化硫|万吨||完成上级下达任务||",
				"环境质量|17|主要污染物排放总量 氮氧化物|万吨||完成上级下达任务||",
				"环境质量|17|主要污染物排放总量 氨氮|万吨||完成上级下达任务||",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestParser(tt.in)
			p.body(0)
			if len(p.data.Tables) != 1 {
				t.Fatalf("%d tables; want 1 (blocks %+v, unplaced %+v)", len(p.data.Tables), p.blocks, p.rep.Unplaced)
			}
			tb := p.data.Tables[0]
			if got := strings.Join(tb.Columns, ","); got != tt.columns {
				t.Errorf("columns = %q; want %q", got, tt.columns)
			}
			if tb.Kind != tt.kind {
				t.Errorf("kind = %q; want %q", tb.Kind, tt.kind)
			}
			if got := fmt.Sprintf("%d/%d/%d", tb.BaselineYear, tb.TargetYear, tb.ActualYear); got != tt.years {
				t.Errorf("years = %q; want %q", got, tt.years)
			}
			if tb.Note != tt.note {
				t.Errorf("note = %q; want %q", tb.Note, tt.note)
			}
			var rows []string
			for _, r := range tb.Rows {
				rows = append(rows, rowString(r))
			}
			if !reflect.DeepEqual(rows, tt.rows) {
				t.Errorf("rows =\n  %s\nwant\n  %s", strings.Join(rows, "\n  "), strings.Join(tt.rows, "\n  "))
			}
			if len(p.rep.Unplaced) > 0 {
				t.Errorf("unplaced: %+v", p.rep.Unplaced)
			}
		})
	}
}

func TestProjectTable(t *testing.T) {
	in := "附表 瑞安市质量强市“十二五”重大建设项目表\n序号    \n项目名称\n建设性质\n建设期限\n建设内容\n总投资\n(万元)\n“十二五”计划投资(万元)\n责任部门\n" +
		"1\n国家汽车电子电器产品质量检验中心\n续建\n2010-2015\n用地16亩。\n9000\n5300\n市质监局\n" +
		"3\n质监综合检验检测平台建设\n新建\n2011-2015\n建立检验检测体系。\n-\n-\n市质监局\n总计\n210亿元\n69亿元\n\u00a0\n【返回顶部】"
	p := newTestParser(in)
	p.body(0)
	if len(p.data.Projects) != 1 {
		t.Fatalf("%d project tables; want 1", len(p.data.Projects))
	}
	pt := p.data.Projects[0]
	if want := "序号,项目名称,建设性质,建设期限,建设内容,总投资(万元),“十二五”计划投资(万元),责任部门"; strings.Join(pt.Columns, ",") != want {
		t.Errorf("columns = %q; want %q", strings.Join(pt.Columns, ","), want)
	}
	if pt.Unit != "万元" || pt.Title != "附表 瑞安市质量强市“十二五”重大建设项目表" {
		t.Errorf("unit, title = %q, %q", pt.Unit, pt.Title)
	}
	var got []string
	for _, r := range pt.Rows {
		got = append(got, strings.Join([]string{r.No, r.Name, r.Nature, r.Years, r.Content, r.Total, r.Planned, r.Departments}, "|"))
	}
	want := []string{
		"1|国家汽车电子电器产品质量检验中心|续建|2010-2015|用地16亩。|9000|5300|市质监局",
		"3|质监综合检验检测平台建设|新建|2011-2015|建立检验检测体系。|-|-|市质监局",
		"|总计||||210亿元|69亿元|",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestProseRow(t *testing.T) {
	tests := []struct{ in, want string }{
		{"到2020年", ""},
		{"规模以上企业主导产品采标率达到70%以上", "规模以上企业主导产品采标率|%|70%以上"},
		{"服务质量满意度达到85分以上", "服务质量满意度|分|85分以上"},
		{"培育市政府质量奖企业2家", "市政府质量奖企业|家|2家"},
		{"装配式建筑新开工面积150万平方米以上", "装配式建筑新开工面积|万平方米|150万平方米以上"},
		{"城市环境空气质量优良天数比例达到80%", "城市环境空气质量优良天数比例|%|达到80%"},
		{"实现重点产品抽查合格率达到100%", "重点产品抽查合格率|%|达到100%"},
		{"区级以上河道基本消灭劣Ⅴ类", ""},
	}
	for _, tt := range tests {
		got := ""
		if r, ok := proseRow(tt.in); ok {
			got = r.Label + "|" + r.Unit + "|" + r.Target
		}
		if got != tt.want {
			t.Errorf("proseRow(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	cl := clauses("新增中国建筑工程“鲁班奖”2个以上、省建设工程“钱江杯”奖6个以上,共创建省、市级中小学质量教育基地3家以上。")
	want := []string{"新增中国建筑工程“鲁班奖”2个以上", "省建设工程“钱江杯”奖6个以上", "共创建省、市级中小学质量教育基地3家以上"}
	if !reflect.DeepEqual(cl, want) {
		t.Errorf("clauses = %q; want %q", cl, want)
	}
}

func TestResponsibility(t *testing.T) {
	p := newTestParser("二、主要任务\n(一)强化标准供给\n1.标准创新体系进一步完善。加快推进科研成果转化。(责任单位:区市场监管局、区科技局,排位第一的为牵头单位,下同)\n" +
		"2.提升公共服务水平。统筹构建。(责任单位:各有关单位 )\n3.夯实能力。加快建设。(责任单位:区市场监管局、区发改局等)")
	p.body(0)
	var got []string
	for _, r := range p.data.Responsibilities {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s", r.Section, r.Task, strings.Join(r.Units, ","), r.Text))
	}
	want := []string{
		"s2-1-1|标准创新体系进一步完善|区市场监管局,区科技局|责任单位:区市场监管局、区科技局,排位第一的为牵头单位,下同",
		"s2-1-2|提升公共服务水平|各有关单位|责任单位:各有关单位",
		"s2-1-3|夯实能力|区市场监管局,区发改局|责任单位:区市场监管局、区发改局等",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("responsibilities =\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestBoilerplate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"首页", "web-page boilerplate"},
		{">> 政务公开 >> 县级部门信息公开 >> 县发展和改革局 >> 发展规划", "breadcrumb"},
		{" > 专题专栏 > 瑞安规划专题 > “十二五”规划", "breadcrumb"},
		{"您现在的位置:首页", "breadcrumb"},
		{"【打印此页】 【关闭窗口】", "web-page boilerplate"},
		{"【返回顶部】【打印本稿】【关闭本页】", "web-page boilerplate"},
		{"分享至:", "web-page boilerplate"},
		{"字体:[ ]", "web-page boilerplate"},
		{"  • 打印", "web-page boilerplate"},
		{"——以“三位一体”推进全面强区。", ""},
		{"质量强县领导小组成员单位要认真贯彻落实质量强县战略要求。", ""},
	}
	for _, tt := range tests {
		if got := boilerplate(tt.in); got != tt.want {
			t.Errorf("boilerplate(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckInput(t *testing.T) {
	gbk := []byte{0xD6, 0xCA, 0xC1, 0xBF, 0xC7, 0xBF, 0xCF, 0xD8, 0xBD, 0xA8, 0xC9, 0xE8, '\n'} // 质量强县建设 in GBK
	tests := []struct {
		name string
		in   []byte
		want string // a word the message must hold, "" for accepted
	}{
		{"empty", nil, "empty"},
		{"blank", []byte(" \n\u3000\n"), "empty"},
		{"binary", []byte("\x7fELF\x02\x01\x01\x00\x00\x00"), "binary"},
		{"gbk", gbk, "GBK"},
		{"utf16", []byte{0xFF, 0xFE, 'a', 0}, "UTF-16"},
		{"latin1", []byte("caf\xe9 au lait\n"), "not UTF-8"},
		{"too big", make([]byte, MaxSize+1), "MB"},
		{"text", []byte("一、总体要求\n"), ""},
	}
	for _, tt := range tests {
		err := checkInput(tt.in)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("checkInput(%s) = %v; want nil", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("checkInput(%s) = %v; want an error about %q", tt.name, err, tt.want)
		}
	}
}

func TestEscapeLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.促进质量全面升级。", "1.促进质量全面升级。"},
		{"1. 促进", `1\. 促进`},
		{"# 井号", `\# 井号`},
		{"::: table t9", `\::: table t9`},
		{"- 横线", `\- 横线`},
		{"——以“三位一体”推进全面强区。", "——以“三位一体”推进全面强区。"},
		{"R&D经费占GDP比重达到2%以上", `R\&D经费占GDP比重达到2%以上`},
		{"<97.1%>内为五年平均数", `\<97.1%>内为五年平均数`},
	}
	for _, tt := range tests {
		if got := escapeLine(tt.in); got != tt.want {
			t.Errorf("escapeLine(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestSuggestID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"农产品质量安全监测合格率", "new-agri-products-safety-pass-rate"},
		{"浙江出口名牌", "new-export-famous-brands"},
		{"氨氮", "new-indicator"},
	}
	for _, tt := range tests {
		if got := suggestID(tt.in); got != tt.want {
			t.Errorf("suggestID(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
