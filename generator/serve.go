package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"qualityportal/generator/serve"
)

// cmdServe previews the site: it serves the last good build from memory on
// 127.0.0.1 and rebuilds on every change of content/, layouts/, static/ or
// site.toml, until Ctrl-C (SIGINT) or SIGTERM.
func cmdServe(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("s", ".", "site folder")
	port := fs.Int("port", 1313, "port to listen on (0: any free port)")
	addr := fs.String("addr", "127.0.0.1", "address to listen on; anything but a loopback address exposes the preview to the network")
	full := fs.Bool("full", false, "rebuild the whole site on every change instead of reusing unchanged work")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: generator serve [-s SITE] [--port N] [--addr 127.0.0.1] [--full]")
		fs.PrintDefaults()
	}
	if fs.Parse(args) != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "generator serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if !serve.IsLoopback(*addr) {
		fmt.Fprintf(stderr, "warning: listening on %s: anyone who can reach this machine can see the preview\n", *addr)
	}
	s, err := serve.New(serve.Options{Dir: *dir, Addr: *addr, Port: *port, Full: *full, Log: stdout})
	if err != nil {
		fmt.Fprintf(stderr, "generator serve: %v\n", err)
		return 1
	}
	if err := s.Listen(); err != nil {
		fmt.Fprintf(stderr, "generator serve: %v (choose another port with --port N, or --port 0 for any)\n", err)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := s.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "generator serve: %v\n", err)
		return 1
	}
	return 0
}
