package tests

// TestCorpus runs every case of tests/corpus/*.test against the shell
// under test and compares stdout, stderr and exit status.
//
// Environment variables:
//
//	GSH_TEST_SHELL=/usr/bin/bash  run the corpus against that shell instead
//	                              of building gsh (cases marked "differs"
//	                              are skipped when it is bash)
//	GSH_RECORD=1                  rewrite the expectations of every case not
//	                              marked "differs" from /usr/bin/bash
//	GSH_TEST_TIMEOUT=10s          per-case timeout

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// recordShell is the reference shell used by record mode.
const recordShell = "/usr/bin/bash"

var (
	buildOnce sync.Once
	builtPath string
	buildErr  error
	buildDir  string
)

func TestMain(m *testing.M) {
	flag.Parse()
	// Cases spend most of their time waiting on child processes, so run
	// more of them at once than there are CPUs, unless -parallel was given.
	explicit := false
	flag.Visit(func(f *flag.Flag) {
		if f.Name == "test.parallel" {
			explicit = true
		}
	})
	if f := flag.Lookup("test.parallel"); f != nil && !explicit {
		_ = f.Value.Set(strconv.Itoa(max(8, 4*runtime.GOMAXPROCS(0))))
	}
	code := m.Run()
	for _, dir := range []string{buildDir, helperDir} {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

// moduleRoot finds the directory holding go.mod, starting from the
// package directory (the working directory of `go test`).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the tests directory")
		}
		dir = parent
	}
}

// buildGsh builds the gsh binary once per test run.
func buildGsh() (string, error) {
	buildOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			buildErr = err
			return
		}
		buildDir, err = os.MkdirTemp("", "gsh-corpus-build-")
		if err != nil {
			buildErr = err
			return
		}
		bin := filepath.Join(buildDir, "gsh")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "gsh")
		cmd.Dir = root
		// As README builds it: static, without the C library's loader.
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("building gsh (go build -o %s gsh in %s) failed: %v\n%s", bin, root, err, out)
			return
		}
		builtPath = bin
	})
	return builtPath, buildErr
}

// shellConfig says which shell runs the cases and how.
type shellConfig struct {
	path      string
	isGsh     bool // the freshly built gsh: no error-quote normalisation
	isBash    bool // skip "differs" cases
	recording bool
}

func caseTimeout() time.Duration {
	if s := os.Getenv("GSH_TEST_TIMEOUT"); s != "" {
		if d, err := time.ParseDuration(s); err == nil {
			return d
		}
	}
	return 10 * time.Second
}

func TestCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("corpus", "*.test"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files found in tests/corpus (err=%v)", err)
	}
	sort.Strings(files)

	var cfg shellConfig
	switch {
	case os.Getenv("GSH_RECORD") != "":
		cfg = shellConfig{path: recordShell, isBash: true, recording: true}
	case os.Getenv("GSH_TEST_SHELL") != "":
		p, err := exec.LookPath(os.Getenv("GSH_TEST_SHELL"))
		if err == nil {
			p, err = filepath.Abs(p)
		}
		if err != nil {
			t.Fatalf("GSH_TEST_SHELL: %v", err)
		}
		cfg = shellConfig{path: p, isBash: strings.HasPrefix(filepath.Base(p), "bash")}
	default:
		p, err := buildGsh()
		if err != nil {
			t.Fatal(err)
		}
		cfg = shellConfig{path: p, isGsh: true}
	}

	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".test")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cf, err := parseCorpusFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			recorded := map[*corpusCase][]string{}
			if cfg.recording {
				t.Cleanup(func() {
					if len(recorded) == 0 {
						return
					}
					text := cf.render(recorded)
					old, _ := os.ReadFile(file)
					if string(old) == text {
						return
					}
					if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
						t.Errorf("writing %s: %v", file, err)
						return
					}
					t.Logf("rewrote %s", file)
				})
			}
			for _, c := range cf.Cases {
				t.Run(c.Name, func(t *testing.T) {
					t.Parallel()
					if c.Differs != "" && cfg.isBash {
						t.Skipf("gsh deliberately differs from bash: %s", c.Differs)
					}
					res := runCase(t, cfg, c)
					if cfg.recording {
						if res.hung {
							t.Errorf("%s:%d: hung under bash; not recorded", file, c.Line)
							return
						}
						exp, err := expectationLines(res.stdout, res.stderr, res.status)
						if err != nil {
							t.Errorf("%s:%d: cannot record: %v", file, c.Line, err)
							return
						}
						mu.Lock()
						recorded[c] = exp
						mu.Unlock()
						return
					}
					checkCase(t, file, c, res)
				})
			}
		})
	}
}

// caseResult is what one run of a case produced, after normalisation.
type caseResult struct {
	stdout, stderr string
	status         int
	hung           bool
}

var backquoteRE = regexp.MustCompile("`([^`'\n]*)'")

// runCase runs c in a fresh temporary directory and returns its result.
func runCase(t *testing.T, cfg shellConfig, c *corpusCase) caseResult {
	dir := t.TempDir()
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}

	var argv []string
	switch {
	case c.IsInvoke:
		for _, w := range c.Invoke {
			if w == "@SCRIPT@" {
				w = c.Script
			}
			argv = append(argv, w)
		}
	case c.FileMode:
		argv = append([]string{"script.sh"}, c.Args...)
	default:
		argv = append([]string{"-c", c.Script, "gsh"}, c.Args...)
	}
	if c.IsInvoke || c.FileMode {
		if err := os.WriteFile(filepath.Join(dir, "script.sh"), []byte(c.Script+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// stdout and stderr are pipes, as in `script | consumer`: a file would
	// behave differently (e.g. `echo x > /dev/stdout` would truncate it).
	// The shell gets the write ends directly, so Wait returns when it
	// exits even if a leftover background process still holds them.
	var outBuf, errBuf bytes.Buffer
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var readers sync.WaitGroup
	readers.Add(2)
	go func() { defer readers.Done(); outBuf.ReadFrom(outR) }()
	go func() { defer readers.Done(); errBuf.ReadFrom(errR) }()
	// Standard input is a pipe too, fed by a goroutine.
	inR, inW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		defer inW.Close()
		inW.WriteString(c.Stdin)
	}()

	cmd := exec.Command(cfg.path, argv...)
	cmd.Dir = dir
	cmd.Env = []string{
		"PATH=/usr/local/bin:/usr/bin:/bin",
		"HOME=" + dir,
		"LC_ALL=C",
		"LANG=C",
		"TERM=dumb",
		"USER=tester",
		"TMPDIR=" + dir,
	}
	cmd.Stdin = inR
	cmd.Stdout = outW
	cmd.Stderr = errW
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = cmd.Start()
	// The child has its copies; close ours so that EOF (and EPIPE for the
	// stdin writer) come once the child and its descendants are gone.
	inR.Close()
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		t.Fatalf("starting %s: %v", cfg.path, err)
	}
	pgid := cmd.Process.Pid

	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var res caseResult
	select {
	case <-done:
	case <-time.After(caseTimeout()):
		res.hung = true
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
	}
	// Leftover background processes of the case are killed.
	syscall.Kill(-pgid, syscall.SIGKILL)
	readDone := make(chan struct{})
	go func() { readers.Wait(); close(readDone) }()
	select {
	case <-readDone:
	case <-time.After(2 * time.Second):
		// A process that left the process group still holds the pipes.
		outR.Close()
		errR.Close()
		<-readDone
	}
	outR.Close()
	errR.Close()

	ws := cmd.ProcessState.Sys().(syscall.WaitStatus)
	switch {
	case ws.Exited():
		res.status = ws.ExitStatus()
	case ws.Signaled():
		res.status = 128 + int(ws.Signal())
	}
	res.stdout = normalise(outBuf.String(), dir, cfg.path)
	res.stderr = normalise(errBuf.String(), dir, cfg.path)
	if !cfg.isGsh {
		// gsh quotes tokens in messages as 'x' where bash writes `x'.
		res.stderr = backquoteRE.ReplaceAllString(res.stderr, "'$1'")
	}
	return res
}

// normalise replaces the case directory with @TMP@ and the path of the
// shell under test (what $0 is when no script name is given) with @SHELL@.
func normalise(s, dir, shell string) string {
	s = strings.ReplaceAll(s, shell, "@SHELL@")
	return strings.ReplaceAll(s, dir, "@TMP@")
}

// checkCase compares a result with the case's expectations.
func checkCase(t *testing.T, file string, c *corpusCase, res caseResult) {
	where := fmt.Sprintf("%s:%d", file, c.Line)
	if res.hung {
		t.Errorf("%s: hung: killed after %v\nscript:\n%s\nstdout so far:\n%s\nstderr so far:\n%s",
			where, caseTimeout(), indent(c.Script), indent(res.stdout), indent(res.stderr))
		return
	}
	for _, bad := range []string{"internal error", "panic:", "goroutine "} {
		if strings.Contains(res.stderr, bad) {
			t.Errorf("%s: stderr contains %q (internal error of the shell):\n%s", where, bad, indent(res.stderr))
			return
		}
	}
	var msgs []string
	if res.stdout != c.Stdout {
		msgs = append(msgs, "stdout differs (- expected, + got):\n"+lineDiff(c.Stdout, res.stdout))
	}
	if res.stderr != c.Stderr {
		msgs = append(msgs, "stderr differs (- expected, + got):\n"+lineDiff(c.Stderr, res.stderr))
	}
	if res.status != c.Status {
		msgs = append(msgs, fmt.Sprintf("exit status: expected %d, got %d", c.Status, res.status))
	}
	if len(msgs) > 0 {
		t.Errorf("%s: %s\nscript:\n%s\n%s", where, c.Name, indent(c.Script), strings.Join(msgs, "\n"))
	}
}

func indent(s string) string {
	if s == "" {
		return "    (empty)"
	}
	s = strings.TrimSuffix(s, "\n")
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// lineDiff renders a small line diff of a and b (LCS based); lines
// without a final newline are marked.
func lineDiff(a, b string) string {
	split := func(s string) []string {
		if s == "" {
			return nil
		}
		ls := strings.SplitAfter(s, "\n")
		if ls[len(ls)-1] == "" {
			ls = ls[:len(ls)-1]
		}
		for i, l := range ls {
			if strings.HasSuffix(l, "\n") {
				ls[i] = strconv.Quote(strings.TrimSuffix(l, "\n"))
			} else {
				ls[i] = strconv.Quote(l) + " (no newline at end)"
			}
		}
		return ls
	}
	x, y := split(a), split(b)
	n, m := len(x), len(y)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var buf bytes.Buffer
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			fmt.Fprintf(&buf, "      %s\n", x[i])
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			fmt.Fprintf(&buf, "    + %s\n", y[j])
			j++
		default:
			fmt.Fprintf(&buf, "    - %s\n", x[i])
			i++
		}
	}
	return strings.TrimSuffix(buf.String(), "\n")
}
