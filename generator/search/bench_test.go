package search

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// vocabulary: words and phrases of the bundled plans (Han runs of content/plans split
// at function characters, those seen at least twice), most frequent first.
var vocabulary = strings.Fields(`
品字标 专栏 标准 企业 浙江制造 服务 建设 质量 加强 品牌 标准化 推进 责任单位 十四五 核心 实施 服务质量
工程质量 产品 工程 重点 加大 环境质量 街道 培育 基础 活动 建立 认证 区市场监管局 形成 开展 力争 发展 鼓励
实现 国家 领域 技术 制度 一站式 区经信局 产品质量 品牌建设 科技创新 按照 作用 制定 目标 方面 检验检测 行动
完善 推动 区发改局 时期 规划 质量管理 主体 工作 行业标准 行业 推广应用 深化 创新 教育 十二五 发展目标
技术创新 国家标准 推广 新材料 问题 科技服务 金融服务 行业自律 一体 最多跑一次 改革 环境 认证认可 质量治理
模式 社会组织 转变 引进 质量工作 市场 乡镇 钱江杯 药品 健全 施工 支持 商会 质量提升 促进 黑名单 三位一体
政策 十三五 抓手 五水共治 主导 计量 构建 支撑 产业 政府 现代物流 国际化 高质量发展 融合发展 提升 重点领域
区科技局 知识产权 建立健全 同时 旅游 人民群众 指导思想 基本原则 提升产品质量 规模 突破 鲁班奖 食品 机械电子
管理 方式 公共服务 区域品牌 手段 国际标准 协调 监管 功能 加强组织领导 质量先进乡镇 社区 指导 重要窗口 水平
突出 影响力 打造 标准体系 标准研制 走出去 装配式建筑 研制 关键举措 亿元 切入点 产业集群 缝制设备 要求
主要任务 若干意见 项目 中国驰名商标 相关部门 加快 新要求 深入实施 落脚点 管理创新 创建活动 主导产业 国内一流
医疗 争取 发展重点 新工艺 中心 形式 监督 休闲旅游 评估 资源 深入落实 鼓励企业 技术改造 国外先进标准 协会
咨询 技术标准 地方标准 制订 节能环保 积极开展 方法 万元 需求 质量月 无废城市 依托 八八战略 关键阶段 质量创新
坚持 社会监督 政府监管 探索 核心位置 质量第一 机制 提高 商务服务 商贸服务 市场竞争力 集成应用 企业标准 引领
监督检查 三强一制造 智能马桶 四大领域 三大体系 龙头 绿色制造 数字化 重点行业 优势产业 应用 专业化 服务业
物联网 大数据 人工智能 规模化 养老 互联网 提升环境质量 专业机构 合作 效益 区商务局 市场主体 标准赋能行动
发展背景 现实基础 大发展 契机 市质监局 布局 四大质量 结构 出发点 新增 农业产品 高附加值 高分子材料 部门
重点任务 设计 举报 教育培训 全过程 主题 生产性服务业 服务标准 补充 医疗卫生 服务能力 社区服务 规范化
循环经济发展 生态环境保护 结合 制品 行业性 保护 规范 高效 市场环境 理念 专利 通过 做好 社会 培养 措施
五年规划 五气共治 五废共治 工业园区 优质工程 内生动力 核心竞争力 主线 确保 准确 分析 打响 质量意识 电子信息
品牌企业 创造 新业态 健康服务 文化旅游 社会保障 有效性 绿色建筑 绿色建材 建筑设计 社会团体 团体标准
住宅部品 通用化 产业政策 衔接配套 保障措施 组织 依据 全省 城市 发布 首席质量官 美好生活 精细化 保护机制
医药健康 智能家居 时尚产业 美誉度 全方位 建成 发挥 引导 隐形冠军 政府采购 提升服务质量 借助 行政 社会协同
节水 质量水平 优质优价 建材 影响 转化 公共安全 网络化 消费者 加强标准 产业发展 区农业局 载体 检测 制约
政府依法监管 支持行业协会 小海鲜 融合 关键时期 质量强省 重要支撑 基本思路 行动计划 提升发展质量 质量诚信
狠抓 背景下 质量强业 大质量 大监管 工作格局 发展现状 良好氛围 浙江名牌产品 工作组 实施方案 主要问题 传统产业
金融 此外 城市建设 质量检测 新任务 标准制订 浙江省 总体要求 着力提升 标准化提升 信用推广 安全监管 标准创新
省级 科技成果 省级新产品 中国出口名牌 光伏 国优工程 省优质工程 累计达 有效控制 二氧化硫 氮氧化物 氨氮
质量提升工程 期末 大力实施 全市 工业产品 生产制造 技术服务 环节 着力构建 公安 卫生 建设工作 政府监督 保障
公共建筑工程 强制性标准 交通工程 重点做好 工程建设 水利工程 质量保证体系 重点加强 旅游景区 商贸市场 价格
社会关注 法律法规 落实措施 交通运输 服务水平 企业技术中心 行业规范 中介服务 法律 发展要求 低碳城市建设 配套
深入开展 森林城市建设 园区 全面提升 打造品牌强市 实施意见 企业品牌 市场推广 行业品牌 实现资源共享 维护 营销
途径 网络 提高质量 创新平台建设 创新成果转化 努力 自主知识产权 运用 依法 长效机制 文化环境 环境保护 孵化器
工作机制 标准制定 制修订工作 国际 能力 可视化 新能源 进一步完善 质量文化 计量检测体系 督促 曝光 守信企业
实施分类监管 发布制度 医院 重点领域监管 评价体系构建 企业主体 人身财产安全 关系国计民生 项目建设 国际接轨
环境监测 培训 鉴定 税收 信贷 用地 能源 设立 实行 消费维权机制 文化建设 世界计量日 质量知识 管理经验 全力推进
形势 发展基础 示范作用 省政府质量奖 名企 名品 培育工程 县级 品质 符合条件 污水零直排 完成 认证企业 双随机
一公开 治理 标准化建设 不足 奋力打造 全国 因此 全面发展 质量强国 重要指示精神 指引 推进质量 获得感 坚持依法监管
高水平产品 大力推进 质量共治格局 全产业链 浙里检 质量监管 探索建立 早发现 早研判 早预警 早处置 有效衔接
信息互换 路径 供给能力 精益生产 现代管理制度 信息化系统 工业互联网 智慧化管理 协同化制造 高校 新型显示 小巨人
领跑者 先进标准 品牌发展战略 宣传推广 加强品牌整合 建立战略联盟 质量管理水平 文化 就业 商圈 加快实施 科技
新装备 污水零直排区 区域环评 环境标准 制度创新 协同推进 明确目标责任 规划实施 重大工程 落实 效果评估 绩效考核
规划期限 认证证书 截至 政府主导 质量基础设施 服务平台 全链条 综合服务 消费者权益 数字经济 现代化 关键五年
夯实质量基础 民生改善 公共管理 平衡 道路 先进标准体系 制修订 品牌培育 集群品牌 浙江制造精品 技术水平
竞争力强 汽车零配件 特色产业 强化创新驱动 装备 工艺水平 重组 机遇 质量管理体系 智能化改造 机器人 质量攻关
智能缝制设备 重点产业 关键技术 试验 高新技术企业 关键技术标准 重要产品标准 创新成果 产业联盟 研发创新 专精特新
空气质量 优良天数 比例 细颗粒物 平均浓度 水质达标率 地表水 饮用水源 监督抽查合格率 食品安全 农产品质量安全`)

// Latin and numeric words of the plans, mixed into the text now and then.
var latinWords = strings.Fields("PM2.5 5G ISO9001 ISO14000 GB/T 50375-2016 2020年 2025年 95% 99.5% 3A 4A 5A AAA 2021-2025 GDP R&D")

var headings = strings.Fields(`发展基础 现实基础 存在问题 面临形势 总体要求 指导思想 基本原则 发展目标 主要任务 提升产品质量
提升工程质量 提升服务质量 提升环境质量 加强标准化建设 实施品牌战略 夯实质量基础 强化质量监管 保障措施
加强组织领导 完善政策支持 加强人才培养 营造质量文化 重大项目 实施评估`)

// realIndicators are indicators of the bundled plans, with the aliases they are printed under.
var realIndicators = []struct {
	name    string
	aliases []string
	theme   string
}{
	{"空气质量优良天数比例", []string{"空气优良率", "城区空气优良率", "环境空气质量优良天数比例"}, "environment"},
	{"PM2.5平均浓度", []string{"细颗粒物", "PM2.5浓度", "细颗粒物(PM2.5)平均浓度"}, "environment"},
	{"地表水水质达标率", []string{"地表水环境质量达标率", "水质达标率"}, "environment"},
	{"制造业产品质量合格率", []string{"制造业产品质量平均合格率"}, "product"},
	{"食品安全抽检合格率", []string{"食品抽检合格率", "食品安全监督抽检合格率"}, "product"},
	{"农产品质量安全抽检合格率", []string{"主要农产品质量安全抽检合格率"}, "product"},
	{"品字标浙江制造认证企业数", []string{"品字标企业数", "浙江制造认证证书数"}, "brand"},
	{"建设工程质量一次验收合格率", []string{"工程质量一次性验收合格率"}, "engineering"},
	{"顾客满意度指数", []string{"公共服务质量满意度"}, "service"},
	{"主导制修订国家标准数", []string{"国家标准制修订数"}, "standard"},
}

// phrases of the bundled plans, dropped into the synthetic text now and then.
var phrases = []string{
	"空气质量优良天数比例达到95%以上", "城区空气优良率提升至93.2%", "PM2.5平均浓度下降到30微克/立方米以下",
	"制造业产品质量合格率保持在99%以上", "建设检验检测公共服务平台", "获得品字标浙江制造认证",
	"地表水水质达标率达到100%", "推进5G基站建设", "建筑工程施工质量评价标准GB/T 50375-2016",
	"通过ISO14000环境管理体系认证", "食品安全抽检合格率稳定在98%以上",
}

var themeIDs = []string{"product", "engineering", "service", "environment", "standard", "brand"}

var hanPool = []rune("江山河湖安平宁德清远溪城海阳昌武兴化龙泉青田云和松庆元丽水金华东义乌永康浦嘉善桐乡长兴德吉临安富春淳建杭萧滨余姚慈奉象定岱嵊泗")

// syntheticDocs makes a deterministic portal of n plans: about 0.28 regions per plan
// under up to 31 provinces, one plan page and 40 sections of ~450 characters per plan
// (the bundled plans average 18,000 characters and 40 headings), 60 indicator pages
// (10 of them real, with their aliases), a page per region and per theme.
func syntheticDocs(n int, seed uint64) []Doc {
	r := rand.New(rand.NewPCG(seed, 2026))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(vocabulary)-1))
	nRegions := max(1, n*28/100)
	regions := syntheticRegions(nRegions)
	var docs []Doc
	for i, ind := range realIndicators {
		docs = append(docs, Doc{
			URL: fmt.Sprintf("indicators/r%02d/index.html", i), Kind: "indicator", Title: ind.name,
			Keywords: ind.aliases, Themes: []string{ind.theme}, Body: sentence(r, zipf, 40),
		})
	}
	for i := range 50 {
		w1, w2 := vocabulary[zipf.Uint64()], vocabulary[r.IntN(len(vocabulary))]
		docs = append(docs, Doc{
			URL: fmt.Sprintf("indicators/i%03d/index.html", i), Kind: "indicator",
			Title: w1 + w2 + "比例", Keywords: []string{w2 + w1, w1 + "率"},
			Themes: []string{themeIDs[i%len(themeIDs)]}, Body: sentence(r, zipf, 40),
		})
	}
	for i, id := range themeIDs {
		docs = append(docs, Doc{URL: "themes/" + id + "/index.html", Kind: "theme", Title: headings[i], Themes: []string{id}, Body: sentence(r, zipf, 60)})
	}
	for _, reg := range regions {
		docs = append(docs, Doc{URL: "regions/" + reg.Slug + "/index.html", Kind: "region", Title: reg.Name, Region: reg.Name, RegionSlug: reg.Slug, Body: reg.Name + "的质量发展规划"})
	}
	stages := []string{"十二五", "十三五", "十四五"}
	leaves := regions[provinces(nRegions):]
	if len(leaves) == 0 {
		leaves = regions
	}
	for p := range n {
		reg := leaves[p%len(leaves)]
		stage := stages[p%3]
		title := fmt.Sprintf("%s质量强县建设“%s”规划", reg.Name, stage)
		base := fmt.Sprintf("plans/p%05d/index.html", p)
		docs = append(docs, Doc{URL: base, Kind: "plan", Title: title, Plan: title, Region: reg.Name, RegionSlug: reg.Slug, Body: sentence(r, zipf, 120)})
		for s := range 40 {
			h := headings[(s+p)%len(headings)]
			var themes []string
			for k, id := range themeIDs {
				if r.IntN(5) == 0 || strings.Contains(h, []string{"产品", "工程", "服务", "环境", "标准", "品牌"}[k]) {
					themes = append(themes, id)
				}
			}
			docs = append(docs, Doc{
				URL: fmt.Sprintf("%s#s%d", base, s+1), Kind: "section",
				Title: fmt.Sprintf("(%d)%s", s%9+1, h), Plan: title, Region: reg.Name, RegionSlug: reg.Slug,
				Themes: themes, Body: sentence(r, zipf, 300+r.IntN(300)),
			})
		}
	}
	return docs
}

// sentence writes about n characters of plan-like text.
func sentence(r *rand.Rand, zipf *rand.Zipf, n int) string {
	var b strings.Builder
	count, clause := 0, 0
	for count < n {
		var w string
		switch k := r.IntN(200); {
		case k < 5:
			w = latinWords[r.IntN(len(latinWords))]
		case k < 7:
			w = phrases[r.IntN(len(phrases))]
		default:
			w = vocabulary[zipf.Uint64()]
		}
		b.WriteString(w)
		count += len([]rune(w))
		clause++
		if clause > 3+r.IntN(6) {
			if r.IntN(3) == 0 {
				b.WriteString("。")
			} else {
				b.WriteString(",")
			}
			count++
			clause = 0
		}
	}
	b.WriteString("。")
	return b.String()
}

// provinces is how many of n synthetic regions are top-level.
func provinces(n int) int { return min(31, max(1, n/90)) }

// syntheticRegions returns n regions: provinces, then counties spread over them.
func syntheticRegions(n int) []Region {
	var out []Region
	name := func(i int, suffix string) string {
		return string([]rune{hanPool[i%len(hanPool)], hanPool[(i/len(hanPool)+i*7)%len(hanPool)]}) + suffix
	}
	np := provinces(n)
	for i := range np {
		out = append(out, Region{Slug: fmt.Sprintf("p%02d", i), Name: name(i, "省")})
	}
	for i := np; i < n; i++ {
		out = append(out, Region{Slug: fmt.Sprintf("r%04d", i), Name: name(i, []string{"县", "区", "市"}[i%3]), Parent: fmt.Sprintf("p%02d", i%np)})
	}
	return out
}

func syntheticOptions(docs []Doc) Options {
	var themes []Theme
	for i, id := range themeIDs {
		themes = append(themes, Theme{ID: id, Name: headings[i]})
	}
	seen := map[string]bool{}
	for _, d := range docs {
		seen[d.RegionSlug] = d.RegionSlug != ""
	}
	n := 0
	for _, ok := range seen {
		if ok {
			n++
		}
	}
	regions := syntheticRegions(n)
	return Options{Themes: themes, Regions: regions}
}

// bundledDocs splits the bundled plans at their headings (roughly what the site
// generator feeds Build), or returns nil when content/ is not there.
func bundledDocs() []Doc {
	files, _ := filepath.Glob("../../content/plans/*/plan.md")
	head := regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*(?:\{#([a-z0-9-]+)\})?\s*$`)
	var docs []Doc
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil
		}
		slug := filepath.Base(filepath.Dir(f))
		text := string(data)
		title := ""
		if m := regexp.MustCompile(`(?m)^title = "(.*)"$`).FindStringSubmatch(text); m != nil {
			title = m[1]
		}
		if parts := strings.SplitN(text, "+++", 3); len(parts) == 3 {
			text = parts[2]
		}
		base := "plans/" + slug + "/index.html"
		cur := &Doc{URL: base, Kind: "plan", Title: title, Plan: title, RegionSlug: strings.Split(slug, "-")[0], Region: strings.Split(slug, "-")[0]}
		var body strings.Builder
		flush := func() {
			cur.Body = body.String()
			docs = append(docs, *cur)
			body.Reset()
		}
		for _, line := range strings.Split(text, "\n") {
			if m := head.FindStringSubmatch(line); m != nil && m[3] != "" {
				flush()
				cur = &Doc{URL: base + "#" + m[3], Kind: "section", Title: m[2], Plan: title, RegionSlug: cur.RegionSlug, Region: cur.Region}
				continue
			}
			body.WriteString(line)
			body.WriteByte('\n')
		}
		flush()
	}
	return docs
}

var corpora sync.Map // plans → []Doc

func corpus(b *testing.B, plans int) []Doc {
	if v, ok := corpora.Load(plans); ok {
		return v.([]Doc)
	}
	var docs []Doc
	if plans == 0 {
		docs = bundledDocs()
		if docs == nil {
			b.Skip("content/plans not found")
		}
	} else {
		docs = syntheticDocs(plans, 42)
	}
	corpora.Store(plans, docs)
	return docs
}

var (
	shortQueries = []string{"质量", "空气", "标准", "品牌", "食品", "认证"}
	longQueries  = []string{"空气质量优良天数比例", "品字标浙江制造认证", "检验检测公共服务平台", "PM2.5平均浓度", "制造业产品质量合格率", "标准化 品牌建设"}
)

// sizeName names a benchmark size: "bundled" for 0, else "plans=N".
func sizeName(plans int) string {
	if plans == 0 {
		return "bundled"
	}
	return fmt.Sprintf("plans=%d", plans)
}

// benchCorpus returns the documents of a benchmark size and their options.
func benchCorpus(b *testing.B, plans int) ([]Doc, Options) {
	docs := corpus(b, plans)
	if plans == 0 {
		return docs, Options{}
	}
	return docs, syntheticOptions(docs)
}

// BenchmarkBuild builds the index of the bundled plans and of 1,000 and 10,000
// synthetic plans and reports, besides the build time, the index size and what the
// client loads for typical queries: term shards (t-KB) and the first-page or doc
// shards of the first page of ten results (d-KB), averaged over the queries, and the
// worst query.
//
//	go test -run '^$' -bench . -benchtime 1x ./generator/search/
//
// QP_SEARCH_PLANS=10000 picks the sizes (0 is the bundled plans) and
// QP_SEARCH_MAXFILES=N sets Options.MaxFiles, to weigh files against bytes per query.
func BenchmarkBuild(b *testing.B) {
	sizes := planSizes(b, []int{0, 1000, 10000})
	maxFiles, _ := strconv.Atoi(os.Getenv("QP_SEARCH_MAXFILES"))
	for _, plans := range sizes {
		b.Run(sizeName(plans), func(b *testing.B) {
			docs, opt := benchCorpus(b, plans)
			opt.MaxFiles = maxFiles
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			var files []File
			var st Stats
			misses := guessMisses.Load()
			start, cpu0 := time.Now(), cpuTime()
			for range b.N {
				files, st = mustBuild(b, docs, opt)
			}
			elapsed := time.Since(start) / time.Duration(b.N)
			cpu := (cpuTime() - cpu0) / time.Duration(b.N)
			b.StopTimer()
			p := parseIndex(b, files)
			b.ReportMetric(elapsed.Seconds(), "build-s")
			b.ReportMetric(cpu.Seconds(), "build-cpu-s")
			b.ReportMetric(float64(st.Docs), "docs")
			// Indexes made again because a guessed threshold missed: 0 but in
			// a rare build (guesses are 7 standard deviations on the safe side).
			b.ReportMetric(float64(guessMisses.Load()-misses)/float64(b.N), "remade")
			b.ReportMetric(float64(st.TotalBytes())/(1<<20), "index-MB")
			b.ReportMetric(float64(len(files)), "files")
			b.ReportMetric(float64(st.TermBytes)/(1<<20), "t-MB")
			b.ReportMetric(float64(st.DocBytes)/(1<<20), "d-MB")
			b.ReportMetric(float64(st.FirstBytes)/(1<<20), "f-MB")
			b.ReportMetric(float64(st.MetaBytes)/1024, "meta-KB")
			for _, set := range []struct {
				name    string
				queries []string
			}{{"q2", shortQueries}, {"qlong", longQueries}} {
				var tSum, dSum, worst float64
				for _, q := range set.queries {
					ids, _, tfiles := p.refQuery(b, q, "", "")
					tk := float64(p.size(tfiles)) / 1024
					dk := float64(p.size(p.pageFiles(q, ids[:min(10, len(ids))]))) / 1024
					tSum += tk
					dSum += dk
					worst = max(worst, tk+dk)
					if testing.Verbose() {
						b.Logf("%s %q: %d results, %d term shards %.1f KB, docs %.1f KB", sizeName(plans), q, len(ids), len(tfiles), tk, dk)
					}
				}
				n := float64(len(set.queries))
				b.ReportMetric(tSum/n, set.name+"-t-KB")
				b.ReportMetric(dSum/n, set.name+"-d-KB")
				b.ReportMetric(worst, set.name+"-max-KB")
			}
			if ms, ok := clientQueryTime(b, files); ok {
				b.ReportMetric(ms, "query-ms")
			}
		})
	}
}

// clientQueryTime runs the typical queries through the client in node, each twice,
// and returns the slowest second run: the time from the query to the ranked page of
// results once the shards are loaded (what follows a keystroke).
func clientQueryTime(b *testing.B, files []File) (float64, bool) {
	if _, err := exec.LookPath("node"); err != nil {
		return 0, false
	}
	dir := writeIndex(b, files)
	var cmds []map[string]any
	for _, q := range append(slices.Clone(shortQueries), longQueries...) {
		for range 2 {
			cmds = append(cmds, map[string]any{"op": "query", "q": q, "f": map[string]any{"limit": 10}})
		}
	}
	res := runNode(b, dir, cmds)
	worst := 0.0
	for i := 1; i < len(res); i += 2 {
		var r queryResult
		if err := json.Unmarshal(res[i], &r); err != nil {
			b.Fatal(err)
		}
		worst = max(worst, r.Ms)
	}
	return worst, true
}
