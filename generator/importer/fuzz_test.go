package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"qualityportal/generator/config"
	"qualityportal/generator/content"
	"qualityportal/generator/diag"
	"qualityportal/generator/markdown"
)

func repoOptions(t testing.TB) Options {
	t.Helper()
	opts, err := LoadOptions(os.DirFS(root))
	if err != nil {
		t.Fatal(err)
	}
	return opts
}

// checkOutput: whatever the importer writes reads back without error.
func checkOutput(t *testing.T, res *Result) {
	t.Helper()
	fm, body, line, ok := content.SplitFrontMatter(res.PlanMD)
	if !ok {
		t.Fatalf("plan.md has no front matter:\n%s", res.PlanMD)
	}
	var m content.Meta
	if errs, _ := config.DecodeTOML("plan.md", fm, 1, &m); errs != nil {
		t.Fatalf("front matter does not decode: %v\n%s", errs, fm)
	}
	var errs diag.List
	if _, errs = markdown.Parse("plan.md", body, line); errs != nil {
		t.Fatalf("body does not parse: %v\n%s", errs, body)
	}
	var d content.Data
	if errs, _ := config.DecodeTOML("data.toml", res.DataTOML, 0, &d); errs != nil {
		t.Fatalf("data.toml does not decode: %v\n%s", errs, res.DataTOML)
	}
	if !config.SlugRE.MatchString(res.Slug) {
		t.Fatalf("slug %q", res.Slug)
	}
}

// FuzzImport: any bytes give an error or content that reads back, quickly
// and without a panic.
func FuzzImport(f *testing.F) {
	for _, sc := range seedCases {
		src, err := os.ReadFile(filepath.Join(root, "testdata/seeds", sc.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
		// Pieces of each seed exercise the layouts on their own.
		lines := strings.Split(string(src), "\n")
		for i := 0; i+40 < len(lines); i += len(lines)/4 + 1 {
			f.Add([]byte(strings.Join(lines[i:i+40], "\n")))
		}
	}
	if small, err := os.ReadFile(filepath.Join("testdata", "small.txt")); err == nil {
		f.Add(small)
	}
	for _, s := range []string{"", "\x00", "专栏1:\n1、", "类别\n指标\n单位\n2020年\n2025年目标\n", "一、\n(一)\n1.\n(1)", "a | b | c\n类别 | 指标 | 2025年目标\n| | |", "{#s1}\n## x {#s1}\n:::\n::: box", "到2020年,达到95%以上。"} {
		f.Add([]byte(s))
	}
	opts := repoOptions(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		start := time.Now()
		res, err := Import("fuzz.txt", src, opts)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("Import took %v on %d bytes", d, len(src))
		}
		if err != nil {
			if res != nil {
				t.Fatalf("Import returned a result and an error")
			}
			return
		}
		checkOutput(t, res)
		_ = res.Report.String()
	})
}

// TestLinearTime: inputs of a few MB built to stress each parser (a huge
// table, many headings, a very long line, a million short lines) finish in
// bounded time. (The bound is loose: test machines are shared.)
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	opts := repoOptions(t)
	rep := func(s string, n int) string { return strings.Repeat(s, n) }
	inputs := map[string]string{
		"table cells":   "海盐县质量发展“十四五”规划\n本规划期限为2021-2025年。\n类别\n指标\n单位\n2020年\n2025年目标\n" + rep("质量\n建设\n合格率\n%\n99\n≥99\n完成\n-\n", 40000),
		"pipe rows":     "海盐县\n类别 | 指标 | 单位 | 2020年 | 2025年目标 |\n" + rep("产品 | 合格率 | % | - | 完成 | 完成 | 家 |\n", 30000),
		"headings":      "海盐县规划期限为2021-2025年。\n" + rep("一、发展\n(一)基础\n1.现状\n(1)问题\n", 40000),
		"long line":     "海盐县规划期限为2021-2025年。\n专栏1:标题 |\n1.甲 " + rep("2.乙 1.丙 3.丁 ", 100000) + "|\n",
		"short lines":   "海盐县规划期限为2021-2025年。\n" + rep("1\n", 1000000),
		"toc like":      "海盐县质量发展“十四五”规划\n" + rep("一、甲\n(一)乙\n(二)丙\n海盐县质量发展“十四五”规划\n", 40000),
		"shared cells":  "海盐县规划期限为2021-2025年。\n分类\n序号\n指标名称\n单位\n2015年规划值\n" + rep("17\n排放\n甲\n万吨\n任务\n乙\n丙\n丁\n戊\n己\n", 30000),
		"meta lines":    rep("信息索引号: | 1 | 主题分类: | |\n", 100000) + "海盐县规划期限为2021-2025年。\n",
		"boxes":         "海盐县规划期限为2021-2025年。\n" + rep("专栏1:标题\n1、甲;\n2、乙。\n", 100000),
		"prose targets": "海盐县规划期限为2021-2025年。\n" + rep("到2025年,合格率达到95%以上,企业2家、品牌3个以上。", 20000) + "\n",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			if len(in) > MaxSize {
				in = in[:MaxSize]
			}
			start := time.Now()
			res, err := Import(name, []byte(in), opts)
			if d := time.Since(start); d > 60*time.Second {
				t.Errorf("Import(%s, %d bytes) took %v", name, len(in), d)
			}
			if err == nil {
				_ = res.Report.String()
			}
			t.Logf("%d bytes in %v (err %v)", len(in), time.Since(start), err)
		})
	}
}
