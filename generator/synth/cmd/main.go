// Command cmd writes a synthetic site folder for benchmarks (see package synth):
//
//	go run ./generator/synth/cmd -plans 10000 -o /tmp/synth10k -site .
//	go run ./generator build -s /tmp/synth10k -o /tmp/synth10k-public
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"qualityportal/generator/synth"
)

func main() {
	var opt synth.Options
	out := flag.String("o", "", "output site folder (must not exist or be empty)")
	flag.IntVar(&opt.Plans, "plans", 1000, "number of plans")
	flag.StringVar(&opt.Source, "site", ".", "site folder whose site.toml, layouts/ and static/ are copied")
	flag.Uint64Var(&opt.Seed, "seed", 1, "seed: the same seed and counts give the same corpus")
	flag.IntVar(&opt.Provinces, "provinces", 0, "provinces (default 1)")
	flag.IntVar(&opt.Cities, "cities", 0, "cities per province (default 11, more if a city would hold over 90 counties)")
	flag.IntVar(&opt.Counties, "counties", 0, "county-level regions in all (default plans/3, at most 2800)")
	flag.IntVar(&opt.Indicators, "indicators", 0, "indicators of the registry to use (default all)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: cmd -o DIR [-plans N] [-site SITE] [-seed S]")
		os.Exit(2)
	}
	start := time.Now()
	if err := synth.Write(*out, opt); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d plans to %s in %.2fs\n", opt.Plans, *out, time.Since(start).Seconds())
}
