package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestServeFlags(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"unexpected argument", []string{"extra"}, 2, "unexpected argument"},
		{"unknown flag", []string{"--nope"}, 2, "flag provided but not defined"},
		{"missing site folder", []string{"-s", filepath.Join(t.TempDir(), "none"), "--port", "0"}, 1, "not a folder"},
		{"non-loopback address warns", []string{"-s", t.TempDir(), "--addr", "0.0.0.0", "--port", "-1"}, 1, "warning: listening on 0.0.0.0"},
		{"port in use or invalid", []string{"-s", t.TempDir(), "--port", "-1"}, 1, "--port"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(append([]string{"serve"}, tc.args...), &out, &errb); code != tc.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tc.code, errb.String())
			}
			if !strings.Contains(errb.String(), tc.stderr) {
				t.Errorf("stderr %q does not contain %q", errb.String(), tc.stderr)
			}
		})
	}
}

// TestServeHelperProcess is the generator itself, run by TestServeSignals.
func TestServeHelperProcess(t *testing.T) {
	if os.Getenv("GENERATOR_HELPER") != "1" {
		t.Skip("helper process")
	}
	args := strings.Split(os.Getenv("GENERATOR_ARGS"), "\n")
	os.Exit(run(args, os.Stdout, os.Stderr))
}

// Ctrl-C (SIGINT) and SIGTERM stop serve cleanly: exit status 0, "stopped".
func TestServeSignals(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestServeHelperProcess$")
			cmd.Env = append(os.Environ(), "GENERATOR_HELPER=1",
				"GENERATOR_ARGS="+strings.Join([]string{"serve", "-s", root, "--port", "0"}, "\n"))
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			lines := make(chan string, 100)
			go func() {
				sc := bufio.NewScanner(stdout)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			urlRE := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
			var url string
			var out []string
			timeout := time.After(60 * time.Second)
			// Started: the address printed and the first build over (it fails
			// when the bundled content is being edited; serve goes on).
			for url == "" || !strings.HasPrefix(out[len(out)-1], "full build:") && !strings.Contains(out[len(out)-1], "problem(s)") {
				select {
				case l, ok := <-lines:
					if !ok {
						t.Fatalf("serve ended: %q %s", out, stderr.String())
					}
					out = append(out, l)
					if m := urlRE.FindString(l); m != "" {
						url = m
					}
				case <-timeout:
					t.Fatalf("serve did not start: %q %s", out, stderr.String())
				}
			}
			resp, err := http.Get(url)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 && resp.StatusCode != 503 || !bytes.Contains(body, []byte("_serve/reload.js")) {
				t.Fatalf("home: %d", resp.StatusCode)
			}
			// An open event stream must not hold up the shutdown.
			events, err := http.Get(url + "_serve/events")
			if err != nil {
				t.Fatal(err)
			}
			defer events.Body.Close()

			start := time.Now()
			cmd.Process.Signal(sig)
			stop := time.After(15 * time.Second)
		read:
			for {
				select {
				case l, ok := <-lines:
					if !ok {
						break read // the process closed its output: it has ended
					}
					out = append(out, l)
				case <-stop:
					t.Fatalf("serve did not stop within 15 s: %q", out)
				}
			}
			if err := cmd.Wait(); err != nil {
				t.Errorf("exit: %v; stderr %s", err, stderr.String())
			}
			if out[len(out)-1] != "stopped" {
				t.Errorf("last line %q, want \"stopped\"", out[len(out)-1])
			}
			t.Logf("stopped in %v", time.Since(start).Round(time.Millisecond))
		})
	}
}
