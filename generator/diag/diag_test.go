package diag

import "testing"

func TestListSortAndDedup(t *testing.T) {
	var l List
	l.Add("b.toml", 3, "three")
	l.Add("a.md", 10, "ten")
	l.Add("a.md", 2, "two")
	l.Add("a.md", 2, "two")
	l.Add("a.md", 0, "whole file")
	l.Sort()
	want := "a.md: whole file\na.md:2: two\na.md:10: ten\nb.toml:3: three"
	if got := l.Error(); got != want {
		t.Errorf("List.Error() = %q; want %q", got, want)
	}
	if (List{}).Err() != nil {
		t.Errorf("empty List.Err() != nil")
	}
}
