package importer

import (
	"regexp"
	"strings"
)

var (
	// 【打印此页】 【关闭窗口】, 【返回顶部】【打印本稿】【关闭本页】
	bracketsOnly = regexp.MustCompile(`^(【[^】]{1,8}】\s*)+$`)
	pageNumber   = regexp.MustCompile(`^[0-9]{1,3}$`)
	fontSize     = regexp.MustCompile(`^字体[:\x{FF1A}]?\s*[\[【]?[\s大中小]*[\]】]?$`)
)

var boilerWords = map[string]bool{
	"首页": true, "打印": true, "打印此页": true, "打印本页": true, "关闭窗口": true, "关闭本页": true, "关闭": true,
	"分享至": true, "分享至:": true, "分享至：": true, "分享到:": true, "分享到：": true, "返回顶部": true,
	"浏览次数:": true, "浏览次数：": true, "【打印】": true, "扫一扫在手机打开当前页": true, "目录": true, "目 录": true,
	"收藏": true, "上一篇": true, "下一篇": true,
}

// boilerplate says why a line is web-page furniture and not plan text, or "".
func boilerplate(s string) string {
	t := strings.TrimSpace(strings.TrimLeft(s, "•·●▪ "))
	switch {
	case t == "":
		return ""
	case boilerWords[t]:
		if strings.HasPrefix(t, "目") {
			return "printed table of contents"
		}
		return "web-page boilerplate"
	case bracketsOnly.MatchString(t):
		return "web-page boilerplate"
	case fontSize.MatchString(t):
		return "web-page boilerplate"
	case strings.HasPrefix(t, "您现在的位置") || strings.HasPrefix(t, "当前位置"):
		return "breadcrumb"
	case isBreadcrumb(t):
		return "breadcrumb"
	}
	return ""
}

// isBreadcrumb: "首页 >> 政务公开 >> …", "> 专题专栏 > 瑞安规划专题 > “十二五”规划".
func isBreadcrumb(t string) bool {
	if runes(t) > 120 || strings.ContainsAny(t, "。;\uff1b") {
		return false
	}
	parts := strings.FieldsFunc(t, func(r rune) bool { return r == '>' || r == '\uff1e' || r == '»' })
	n := strings.Count(t, ">") + strings.Count(t, "\uff1e") + strings.Count(t, "»")
	return n >= 2 && len(parts) >= 2 || strings.HasPrefix(t, ">") && len(parts) >= 1
}
