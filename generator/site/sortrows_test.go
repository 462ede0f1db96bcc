package site

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"qualityportal/generator/content"
)

// TestSortRowsByMatchesSortRows checks that sorting by planOrder's numbers
// gives sortRows' order: regions with equal and unequal codes, plans of one
// region in several periods, several rows of one plan.
func TestSortRowsByMatchesSortRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for n := range 50 {
		var regions []*content.Region
		for i := range 1 + rng.IntN(8) {
			regions = append(regions, &content.Region{Slug: fmt.Sprint("r", i), Code: fmt.Sprint(330000 + rng.IntN(6)*100)})
		}
		var plans []*content.Plan
		for i := range 1 + rng.IntN(30) {
			p := &content.Plan{Slug: fmt.Sprintf("p%03d", rng.IntN(1000)*100+i), Region: regions[rng.IntN(len(regions))]}
			p.PeriodStart = 2006 + 5*rng.IntN(4)
			plans = append(plans, p)
		}
		var rows []*content.RowRef
		for range rng.IntN(200) {
			rows = append(rows, &content.RowRef{Plan: plans[rng.IntN(len(plans))], Row: &content.Row{}})
		}
		got, want := sortRowsBy(rows, planOrder(plans)), sortRows(rows)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("case %d: row %d is of plan %s; sortRows puts the row of plan %s there", n, i, got[i].Plan.Slug, want[i].Plan.Slug)
			}
		}
	}
}
