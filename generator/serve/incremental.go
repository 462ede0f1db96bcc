package serve

import "os"

func newIncBuilder(root string) builder { return &fullBuilder{fsys: os.DirFS(root)} }
