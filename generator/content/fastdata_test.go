package content

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"qualityportal/generator/config"
)

// checkFast fails when the fast decoder accepts src but decodes it
// differently from the general decoder (or accepts what the decoder rejects).
// lines, when not nil, gives the decoder's value what the fast decoder adds
// to it (the lines of a plan's data, locateLines).
func checkFast[T any](t *testing.T, fast func([]byte, *T) bool, lines func(*T, string), name, src string) bool {
	t.Helper()
	var got T
	if !fast([]byte(src), &got) {
		return false
	}
	var want T
	md, err := toml.Decode(src, &want)
	if err != nil {
		t.Fatalf("%s: the fast path accepted what the decoder rejects (%v):\n%s", name, err, src)
	}
	if lines != nil {
		lines(&want, src)
	}
	if u := md.Undecoded(); len(u) > 0 {
		t.Fatalf("%s: the fast path accepted unknown keys %v", name, u)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: fast path = %+v\ndecoder = %+v", name, got, want)
	}
	return true
}

func checkFastData(t *testing.T, name, src string) bool {
	t.Helper()
	return checkFast(t, fastData, func(d *Data, src string) { locateLines(d, config.NewLocator([]byte(src), 0)) }, name, src)
}

func checkFastMeta(t *testing.T, name, src string) bool {
	t.Helper()
	return checkFast(t, fastMeta, nil, name, src)
}

// mutate calls f with n random mutations of the lines (a line deleted, a
// junk line inserted, two lines swapped; one to three of them each time).
func mutate(rng *rand.Rand, lines, junk []string, n int, f func(string)) {
	for range n {
		l := append([]string(nil), lines...)
		for range 1 + rng.IntN(3) {
			i := rng.IntN(len(l))
			switch rng.IntN(3) {
			case 0:
				l = append(l[:i], l[i+1:]...)
			case 1:
				l = append(l[:i], append([]string{junk[rng.IntN(len(junk))]}, l[i:]...)...)
			default:
				l[i], l[len(l)-1-i] = l[len(l)-1-i], l[i]
			}
		}
		f(strings.Join(l, "\n"))
	}
}

func TestFastDataMatchesDecoder(t *testing.T) {
	t.Run("cases", func(t *testing.T) {
		tests := []struct {
			name, src string
			fast      bool
		}{
			{"empty", "", true},
			{"comments", "# c\n\n  # d\n", true},
			{"table", "[[table]]\nid = \"t1\" # c\ncolumns = [\"a\", \"b\",]\nbaseline_year = 2020\n[[table.row]]\nlabel = \"x\\\"y\\\\z\\n\"\n", true},
			{"empty list", "[[responsibility]]\nunits = []\n", true},
			{"projects", "[[projects]]\nid = \"p1\"\n[[projects.row]]\nname = \"项目\"\ntotal = \"1,000\"\n", true},
			{"crlf", "[[table]]\r\nid = \"t1\"\r\n", true},
			{"unknown key", "[[table]]\nfoo = \"x\"\n", false},
			{"duplicate key", "[[table]]\nid = \"a\"\nid = \"b\"\n", false},
			{"row before table", "[[table.row]]\nlabel = \"x\"\n", false},
			{"top-level key", "id = \"x\"\n", false},
			{"literal string", "[[table]]\nid = 't1'\n", false},
			{"multi-line string", "[[table]]\nnote = \"\"\"x\"\"\"\n", false},
			{"unicode escape", "[[table]]\nnote = \"\\u00e9\"\n", false},
			{"wrong type", "[[table]]\nbaseline_year = \"2020\"\n", false},
			{"leading zero", "[[table]]\nbaseline_year = 02020\n", false},
			{"negative", "[[table]]\nbaseline_year = -1\n", false},
			{"trailing junk", "[[table]]\nid = \"t1\" x\n", false},
			{"unclosed", "[[table]]\nid = \"t1\n", false},
			{"multi-line array", "[[table]]\ncolumns = [\n\"a\"]\n", false},
			{"quoted key", "[[table]]\n\"id\" = \"t1\"\n", false},
			{"dotted key", "[[table]]\na.b = \"t1\"\n", false},
			{"table header", "[table]\nid = \"t1\"\n", false},
			{"control char", "[[table]]\nid = \"t\x01\"\n", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := checkFastData(t, tt.name, tt.src); got != tt.fast {
					t.Errorf("fast path = %v, want %v", got, tt.fast)
				}
			})
		}
	})
	t.Run("bundled and mutated", func(t *testing.T) {
		files, _ := filepath.Glob("../../content/plans/*/data.toml")
		if len(files) == 0 {
			t.Skip("no bundled plans")
		}
		rng := rand.New(rand.NewPCG(3, 4))
		junk := []string{"", "# x", "[[table]]", "[[table.row]]", "[[projects]]", "[[projects.row]]", "[[responsibility]]", "id = \"t9\"", "no = 3", "units = [\"a\"]", "label = \"\\t\"", "x = 1", "  ", "note = \"a\" # b", "target_year = 2025"}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if !checkFastData(t, f, string(data)) {
				t.Errorf("%s: the fast path did not take a bundled file", f)
			}
			mutate(rng, strings.Split(string(data), "\n"), junk, 300, func(src string) { checkFastData(t, f+" (mutated)", src) })
		}
	})
}

func FuzzFastData(f *testing.F) {
	f.Add("[[table]]\nid = \"t1\"\ncolumns = [\"a\"]\ntarget_year = 2025\n[[table.row]]\nlabel = \"x\"\n")
	f.Add("[[projects]]\n[[projects.row]]\nname = \"a\\\"b\"\n[[responsibility]]\nunits = []\n")
	f.Fuzz(func(t *testing.T, src string) { checkFastData(t, "fuzz", src) })
}

func TestFastMetaMatchesDecoder(t *testing.T) {
	t.Run("cases", func(t *testing.T) {
		tests := []struct {
			name, src string
			fast      bool
		}{
			{"empty", "", true},
			{"plain", "title = \"规划\"\nperiod_start = 2021 # c\nbasis = [\"a\", \"b\",]\nnotes = []\n", true},
			{"extra", "extra = { \"主题分类\" = \"规划信息\", k = \"v\", \"\" = \"e\" }\n", true},
			{"empty extra", "extra = {}\n", true},
			{"extra escape", "extra = { \"a\\\"b\" = \"c\\\\d\" }\n", true},
			{"extra duplicate", "extra = { a = \"1\", a = \"2\" }\n", false},
			{"extra trailing comma", "extra = { a = \"1\", }\n", false},
			{"extra number", "extra = { a = 1 }\n", false},
			{"extra dotted", "extra = { a.b = \"1\" }\n", false},
			{"extra table", "[extra]\na = \"1\"\n", false},
			{"extra unclosed", "extra = { a = \"1\"\n", false},
			{"unknown key", "foo = \"x\"\n", false},
			{"duplicate key", "title = \"a\"\ntitle = \"b\"\n", false},
			{"wrong type", "period_start = \"2021\"\n", false},
			{"date value", "written = 2021-01-01\n", false},
			{"literal", "title = 'x'\n", false},
			{"lines", "notes = [\n  \"a\",\n  \"b\",\n]\ntitle = \"t\"\n", true},
			{"lines no last comma", "notes = [\n\"a\",\n\"b\"\n]  # c\n", true},
			{"lines empty", "notes = [\n]\n", true},
			{"lines missing comma", "notes = [\n\"a\"\n\"b\"\n]\n", false},
			{"lines unclosed", "notes = [\n\"a\",\n", false},
			{"lines two a line", "notes = [\n\"a\", \"b\",\n]\n", false},
			{"lines blank line", "notes = [\n\"a\",\n\n\"b\",\n]\n", false},
			{"crlf", "title = \"x\"\r\nstage = \"十四五\"\r\n", true},
			{"control char", "title = \"\x01\"\n", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := checkFastMeta(t, tt.name, tt.src); got != tt.fast {
					t.Errorf("fast path = %v, want %v", got, tt.fast)
				}
			})
		}
	})
	t.Run("bundled and mutated", func(t *testing.T) {
		files, _ := filepath.Glob("../../content/plans/*/plan.md")
		if len(files) == 0 {
			t.Skip("no bundled plans")
		}
		rng := rand.New(rand.NewPCG(5, 6))
		junk := []string{"", "# x", "[extra]", "title = \"t\"", "period_end = 2025", "basis = [\"a\"]", "extra = {}",
			"extra = { a = \"b\" }", "notes = [", "]", "\"n\",", "x = 1", "  ", "url = \"a\" # b", "base_year = 0"}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			fm, _, _, ok := SplitFrontMatter(data)
			if !ok {
				t.Fatalf("%s: no front matter", f)
			}
			if !checkFastMeta(t, f, string(fm)) {
				t.Errorf("%s: the fast path did not take a bundled front matter", f)
			}
			mutate(rng, strings.Split(string(fm), "\n"), junk, 300, func(src string) { checkFastMeta(t, f+" (mutated)", src) })
		}
	})
}

func FuzzFastMeta(f *testing.F) {
	f.Add("title = \"规划\"\nperiod_start = 2021\nbasis = [\"a\"]\nextra = { \"主题分类\" = \"规划信息\", k = \"v\" }\n")
	f.Fuzz(func(t *testing.T, src string) { checkFastMeta(t, "fuzz", src) })
}
