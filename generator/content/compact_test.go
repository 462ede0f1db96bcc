package content

import (
	"os"
	"reflect"
	"testing"
	"unsafe"

	"qualityportal/generator/config"
	"qualityportal/generator/markdown"
)

// TestCompactCoversEveryString loads the five bundled plans and checks that
// every string of a plan (front matter, sections, data) lies in one of the
// three strings compact makes: a field it missed would keep its whole file
// in memory, and a national site holds 10,000 plans.
func TestCompactCoversEveryString(t *testing.T) {
	fsys := os.DirFS("../..")
	cfg, errs := config.Load(fsys)
	if cfg == nil {
		t.Fatal(errs)
	}
	s, errs := Load(fsys, cfg)
	if errs != nil {
		t.Fatal(errs)
	}
	for _, p := range s.Plans {
		meta, data0 := p.Meta, p.Data
		names, text, data := p.compact() // again: new strings, every field moved
		if !reflect.DeepEqual(meta, p.Meta) || !reflect.DeepEqual(data0, p.Data) {
			t.Errorf("%s: compact changed the front matter or the data", p.Slug)
		}
		in := func(v string) bool {
			a := uintptr(unsafe.Pointer(unsafe.StringData(v)))
			for _, arena := range []string{names, text, data} {
				b := uintptr(unsafe.Pointer(unsafe.StringData(arena)))
				if len(arena) > 0 && a >= b && a < b+uintptr(len(arena)) {
					return true
				}
			}
			return false
		}
		var walk func(v reflect.Value, path string)
		walk = func(v reflect.Value, path string) {
			switch v.Kind() {
			case reflect.String:
				if v.Len() > 0 && !in(v.String()) {
					t.Errorf("%s: %s = %q is not in the plan's strings", p.Slug, path, v.String())
				}
			case reflect.Struct:
				for i := 0; i < v.NumField(); i++ {
					f := v.Type().Field(i)
					// A part's kind is one of the markdown package's constants.
					if f.IsExported() && !(v.Type() == reflect.TypeFor[markdown.Part]() && f.Name == "Kind") {
						walk(v.Field(i), path+"."+f.Name)
					}
				}
			case reflect.Slice:
				for i := 0; i < v.Len(); i++ {
					walk(v.Index(i), path+"[]")
				}
			case reflect.Map:
				for _, k := range v.MapKeys() {
					walk(k, path+"{key}")
					walk(v.MapIndex(k), path+"{"+k.String()+"}")
				}
			}
		}
		walk(reflect.ValueOf(p.Meta), "Meta")
		walk(reflect.ValueOf(p.Sections), "Sections")
		walk(reflect.ValueOf(p.Data), "Data")
	}
}
