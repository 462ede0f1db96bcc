package chart

import "html/template"

// Example charts built from the seed plans; each is rendered to
// testdata/<name>.svg by TestGolden.

var (
	serBaseTarget = []Series{{Name: "基期值", Pattern: PatternSolid}, {Name: "目标值", Pattern: PatternHatch}}
	serThree      = []Series{{Name: "基期值", Pattern: PatternSolid}, {Name: "目标值", Pattern: PatternHatch}, {Name: "实际值", Pattern: PatternDots}}
)

func exAirQuality() Bars {
	return Bars{
		ID:         "air",
		Title:      "空气质量优良天数比例:各地区基期值与目标值",
		Unit:       "%",
		Series:     serBaseTarget,
		Noun:       "地区",
		Horizontal: true,
		Groups: []Group{
			{Label: "椒江区", Href: "../../regions/jiaojiang/index.html", Values: []Value{Number(92.1, ""), Number(95, "≥95")}},
			{Label: "三门县", Href: "../../regions/sanmen/index.html", Values: []Value{Number(96.4, ""), Number(93, "93以上")}},
			{Label: "海盐县", Values: []Value{Number(94.8, "94.8"), NA("大于85%(AQI)")}},
			{Label: "余杭区", Values: []Value{NA("-"), Number(85, "85%以上")}},
			{Label: "瑞安市", Values: []Value{NA(""), NA("完成上级下达任务")}},
		},
	}
}

func exPM25() Bars {
	return Bars{
		ID:         "pm25",
		Title:      "PM2.5平均浓度",
		Unit:       "µg/m³",
		Series:     []Series{{Name: "实际值", Pattern: PatternDots}},
		Lower:      true,
		Horizontal: true,
		Noun:       "地区",
		Groups: []Group{
			{Label: "海盐县", Values: []Value{Number(27, "")}},
			{Label: "椒江区", Values: []Value{Number(25, "")}},
			{Label: "三门县", Values: []Value{Number(24, "")}},
		},
	}
}

func exInvestment() Bars {
	return Bars{
		ID:         "invest",
		Title:      "瑞安市“十二五”重大建设项目总投资",
		Unit:       "万元",
		Series:     []Series{{Name: "总投资", Pattern: PatternSolid}},
		Horizontal: true,
		Noun:       "项目",
		Groups: []Group{
			{Label: "瑞安市产品质量检验检测中心综合大楼建设项目", Values: []Value{Number(59110, "")}},
			{Label: "国家级鞋类质检中心", Values: []Value{Number(12000, "")}},
			{Label: "汽摩配产业标准化示范区", Values: []Value{Number(3.2, "")}},
			{Label: "<质量&品牌> \"示范\"", Values: []Value{Number(800, "<800>")}},
		},
	}
}

func exPeriods() Bars {
	return Bars{
		ID:     "periods",
		Title:  "海盐县工业产品质量抽查合格率",
		Unit:   "%",
		Series: serThree,
		Noun:   "规划期",
		Groups: []Group{
			{Label: "十三五", Values: []Value{Number(96, ""), Number(97, ""), Number(97.1, "")}},
			{Label: "十四五", Values: []Value{Number(97.1, ""), Number(98, "≥98"), NA("—")}},
		},
	}
}

func exChange() Bars {
	return Bars{
		ID:         "change",
		Title:      "主要指标变化(百分点)",
		Unit:       "百分点",
		Series:     []Series{{Name: "变化", Pattern: PatternCross}},
		Horizontal: true,
		Groups: []Group{
			{Label: "能耗下降", Values: []Value{Number(-3.5, "")}},
			{Label: "合格率提升", Values: []Value{Number(1.25, "")}},
			{Label: "持平", Values: []Value{Number(0, "")}},
		},
	}
}

func exFlat() Bars {
	return Bars{
		ID:     "flat",
		Title:  "各项比例均为100%",
		Unit:   "%",
		Series: []Series{{Name: "目标值", Pattern: PatternOutline}},
		Groups: []Group{
			{Label: "分户验收率", Values: []Value{Number(100, "")}},
			{Label: "一次验收合格率", Values: []Value{Number(100, "")}},
			{Label: "投诉办结率", Values: []Value{Number(100, "100%")}},
		},
	}
}

func exLine() Line {
	return Line{
		ID:     "trend",
		Title:  "椒江区空气质量优良天数比例",
		Unit:   "%",
		Series: []Series{{Name: "目标值", Pattern: PatternHatch}, {Name: "实际值", Pattern: PatternSolid}},
		X:      []string{"十二五", "十三五", "十四五"},
		Y: [][]Value{
			{Number(85, ""), Number(90, "≥90"), Number(95, "")},
			{Number(86.3, ""), Number(92.1, ""), NA("规划期未结束")},
		},
	}
}

func exSpark() Sparkline {
	return Sparkline{
		ID:      "spark-air",
		Title:   "空气质量优良天数比例",
		Unit:    "%",
		X:       []string{"十二五", "十三五", "十四五"},
		Values:  []Value{Number(86.3, ""), Number(92.1, ""), Number(95, "≥95")},
		Pattern: PatternSolid,
	}
}

func exManyRegions() Bars {
	b := Bars{
		ID:         "many",
		Title:      "工业产品质量抽查合格率目标(县级)",
		Unit:       "%",
		Series:     []Series{{Name: "目标值", Pattern: PatternHatch}},
		Horizontal: true,
		Noun:       "地区",
	}
	names := []string{"椒江区", "黄岩区", "路桥区", "三门县", "天台县", "仙居县", "温岭市", "临海市", "玉环市", "海盐县", "海宁市", "平湖市", "桐乡市", "嘉善县", "瑞安市", "乐清市", "永嘉县", "平阳县", "苍南县", "文成县"}
	for i, nm := range names {
		v := Number(95+float64(i%5)*0.8, "")
		if i%7 == 6 {
			v = NA("完成上级下达任务")
		}
		b.Groups = append(b.Groups, Group{Label: nm, Href: "../../regions/r" + string(rune('a'+i)) + "/index.html", Values: []Value{v}})
	}
	return b
}

// examples lists every example chart with its golden file name.
func examples() []struct {
	name string
	svg  template.HTML
} {
	return []struct {
		name string
		svg  template.HTML
	}{
		{"bars_air_horizontal", exAirQuality().SVG()},
		{"bars_air_vertical_fallback", func() Bars { b := exAirQuality(); b.ID = "airv"; b.Horizontal = false; return b }().SVG()},
		{"bars_pm25_lower", exPM25().SVG()},
		{"bars_investment", exInvestment().SVG()},
		{"bars_many_regions", exManyRegions().SVG()},
		{"bars_periods_vertical", exPeriods().SVG()},
		{"bars_negative", exChange().SVG()},
		{"bars_all_equal", exFlat().SVG()},
		{"line_trend", exLine().SVG()},
		{"sparkline", exSpark().SVG()},
		{"panels_plan_table", exPanels().SVG()},
		{"panels_linked", func() Panels {
			c := exPanels()
			c.ID = "pl"
			c.Panels[0].Groups[0].Href = "../../indicators/x/index.html"
			return c
		}().SVG()},
	}
}

// exPanels is a plan table of three units in one chart (one axis each).
func exPanels() Panels {
	return Panels{
		ID:     "t1",
		Title:  "本表指标(按主题与单位分组):目标与实绩",
		Series: []Series{{Name: "目标值", Pattern: PatternSolid}, {Name: "实绩", Pattern: PatternHatch}},
		Noun:   "项指标",
		Panels: []Panel{
			{Heading: "产品质量", Unit: "%", Groups: []Group{
				{Label: "制造业产品质量合格率", Values: []Value{Number(95, "≥95"), Number(96.4, "96.4")}},
				{Label: "农产品抽检合格率", Values: []Value{Number(98, "98以上"), NA("完成上级下达任务")}},
			}},
			{Heading: "品牌", Unit: "家", Groups: []Group{
				{Label: "“品字标”企业(累计)", Values: []Value{Number(21, "{21}家"), Number(11, "11")}},
			}},
			{Heading: "环境质量", Unit: "µg/m³", Lower: true, Groups: []Group{
				{Label: "PM2.5平均浓度", Values: []Value{Number(35, "35"), Number(-2, "-2")}},
				{Label: "臭氧浓度", Values: []Value{NA("-"), NA("")}},
			}},
		},
	}
}
