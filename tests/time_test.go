package tests

// Tests of the time reserved word and the times builtin: output format
// and redirection against bash (time_test.go), reported figures against
// what a helper process measured of itself (time_usage_test.go), and the
// interactive cases on a pseudo-terminal (time_pty_test.go).

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	helperOnce sync.Once
	helperDir  string // holds helperPath; removed by TestMain
	helperPath string
	helperErr  error
)

// timeHelper builds testdata/timehelper once and returns its path.
func timeHelper(t *testing.T) string {
	t.Helper()
	helperOnce.Do(func() {
		root, err := moduleRoot()
		if err != nil {
			helperErr = err
			return
		}
		dir, err := os.MkdirTemp("", "gsh-timehelper-")
		if err != nil {
			helperErr = err
			return
		}
		helperDir = dir
		bin := filepath.Join(dir, "timehelper")
		cmd := exec.Command("go", "build", "-o", bin, "./tests/testdata/timehelper")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			helperErr = &buildError{err: err, out: string(out)}
			return
		}
		helperPath = bin
	})
	if helperErr != nil {
		t.Fatalf("building timehelper: %v", helperErr)
	}
	return helperPath
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// shellRun is the result of one script run.
type shellRun struct {
	stdout, stderr string
	status         int
}

// runShell runs script with `shell -c` in dir, with H set to the helper.
func runShell(t *testing.T, shell, dir, script string) shellRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, shell, "-c", script)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C", "HOME=" + dir, "H=" + timeHelper(t)}
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := shellRun{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.status = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s -c %q: %v", shell, script, err)
	}
	return r
}

// gsh runs a script with the freshly built gsh, in a temporary directory.
func gsh(t *testing.T, script string) shellRun {
	t.Helper()
	return gshIn(t, "", script)
}

// gshIn is gsh in directory dir ("": a temporary one).
func gshIn(t *testing.T, dir, script string) shellRun {
	t.Helper()
	if os.Getenv("GSH_TEST_SHELL") != "" {
		t.Skip("time tests run against gsh only")
	}
	bin, err := buildGsh()
	if err != nil {
		t.Fatal(err)
	}
	if dir == "" {
		dir = t.TempDir()
	}
	return runShell(t, bin, dir, script)
}

const bashPath = "/usr/bin/bash"

// bashRuns holds bash's results for the scripts below, reduced to their
// shape, recorded in testdata/time_bash.json so that the tests need no
// bash. GSH_RECORD=1 (with bash installed) records them again.
type bashRuns map[string]shellRun

type recordedRun struct {
	Stdout, Stderr string
	Status         int
}

func loadBashRuns(t *testing.T) bashRuns {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "tests", "testdata", "time_bash.json")
	runs := bashRuns{}
	if os.Getenv("GSH_RECORD") != "" {
		if _, err := os.Stat(bashPath); err != nil {
			t.Fatal("recording needs bash at " + bashPath)
		}
		return runs // filled by want() as scripts run
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading recorded bash runs: %v", err)
	}
	var rec map[string]recordedRun
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for k, r := range rec {
		runs[k] = shellRun{stdout: r.Stdout, stderr: r.Stderr, status: r.Status}
	}
	return runs
}

// want returns bash's recorded result for script (recording it in
// record mode).
func (b bashRuns) want(t *testing.T, script string, shapeOut bool) shellRun {
	t.Helper()
	if os.Getenv("GSH_RECORD") != "" {
		r := runShell(t, bashPath, t.TempDir(), script)
		r.stderr = shape(r.stderr)
		if shapeOut {
			r.stdout = shape(r.stdout)
		}
		b[script] = r
		return r
	}
	r, ok := b[script]
	if !ok {
		t.Fatalf("no recorded bash result for %q: run with GSH_RECORD=1", script)
	}
	return r
}

// save writes the recorded runs (record mode only).
func (b bashRuns) save(t *testing.T) {
	t.Helper()
	if os.Getenv("GSH_RECORD") == "" {
		return
	}
	root, _ := moduleRoot()
	path := filepath.Join(root, "tests", "testdata", "time_bash.json")
	old := map[string]recordedRun{}
	if data, err := os.ReadFile(path); err == nil {
		json.Unmarshal(data, &old)
	}
	for k, r := range b {
		old[k] = recordedRun{Stdout: r.stdout, Stderr: r.stderr, Status: r.status}
	}
	data, _ := json.MarshalIndent(old, "", "  ")
	if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// shape replaces every run of digits by 9, so that reports of different
// durations can be compared; error prefixes ("bash: line 1: ") are cut.
func shape(s string) string {
	s = regexp.MustCompile(`[0-9]+`).ReplaceAllString(s, "9")
	return regexp.MustCompile(`(?m)^[^:\n]*: line 9: `).ReplaceAllString(s, "")
}

func TestTimeFormatsLikeBash(t *testing.T) {
	bash := loadBashRuns(t)
	defer bash.save(t)
	formats := []string{
		"%R", "%3R", "%0R", "%1R", "%2lR", "%lR", "%0lR", "%9R", "%lU %lS", "%U|%S", "%E %2lE",
		"%P", "%%", "100%% %R", "a%", `\n%R\t`, "x\ty", "%", "%%%R",
		"%Q", "%3P", "%lP", "%5", "%l", "%l3R", "%2", "a%lq",
	}
	for _, f := range formats {
		script := "TIMEFORMAT=" + shellQuote(f) + "; time true; echo st=$?"
		want := bash.want(t, script, false)
		got := gsh(t, script)
		if shape(got.stderr) != want.stderr || got.stdout != want.stdout {
			t.Errorf("TIMEFORMAT=%q:\n gsh  %q %q\n bash %q %q", f, got.stderr, got.stdout, want.stderr, want.stdout)
		}
	}
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Scripts whose time output, reduced to its shape, is bash's.
func TestTimeLikeBash(t *testing.T) {
	bash := loadBashRuns(t)
	defer bash.save(t)
	scripts := []string{
		"time true",
		"time sleep 0.01",
		"time -p true",
		"time -p -- true",
		"time -- true",
		"time",
		"time -p",
		"false; time; echo $?",
		"unset TIMEFORMAT; time true",
		"TIMEFORMAT=; time true; echo $?",
		"TIMEFORMAT='%R'; time -p true",
		"time false; echo $?",
		"! time false; echo $?",
		"! time true; echo $?",
		"time (exit 3); echo $?",
		"time true | false; echo $?",
		"set -o pipefail; time false | true; echo $?",
		"time { echo a; echo b >&2; }",
		"{ time echo out >&2; } 2>f; echo st=$?; wc -l <f",
		"time echo err 2>f >&2; cat f",
		"time { echo err >&2; } 2>f; cat f",
		"time f() { echo fn; }; f",
		"f() { echo in f; }; time f",
		"f() { time return 3; echo no; }; f; echo $?",
		"for i in 1 2; do time break; done; echo $i",
		"TIMEFORMAT=X; time time true",
		"TIMEFORMAT=T; time exit 4; echo no",
		"time x=1; echo $x",
		"TIMEFORMAT='%Q'; time true; echo $?",
		"time -v true",
		"times; times x",
		"times -x; echo $?",
		"times -- ; echo $?",
	}
	for _, s := range scripts {
		want := bash.want(t, s, strings.HasPrefix(s, "times"))
		got := gsh(t, s)
		if s == "time -v true" {
			// bash runs a command named -v; gsh prints its table.
			want.stderr, want.status = shape("\nreal\t0m0.000s\nuser\t0m0.000s\nsys\t0m0.000s\n"), 0
			if loc := regexp.MustCompile(`(?m)^ *PID `).FindStringIndex(got.stderr); loc != nil {
				got.stderr = got.stderr[:loc[0]]
			}
		}
		gotOut, wantOut := got.stdout, want.stdout
		if strings.HasPrefix(s, "times") {
			gotOut = shape(gotOut)
		}
		if shape(got.stderr) != want.stderr || gotOut != wantOut || got.status != want.status {
			t.Errorf("%s\n gsh  %q %q %d\n bash %q %q %d", s, got.stdout, got.stderr, got.status, want.stdout, want.stderr, want.status)
		}
	}
}

// reportLine finds "T ..." in stderr (TIMEFORMAT='T ...') and returns its
// fields as numbers.
func reportLine(t *testing.T, stderr string) []float64 {
	t.Helper()
	for _, line := range strings.Split(stderr, "\n") {
		if rest, ok := strings.CutPrefix(line, "T "); ok {
			var out []float64
			for _, f := range strings.Fields(rest) {
				v, err := strconv.ParseFloat(f, 64)
				if err != nil {
					t.Fatalf("bad report %q", line)
				}
				out = append(out, v)
			}
			return out
		}
	}
	t.Fatalf("no report line in %q", stderr)
	return nil
}

func TestTimeExtendedConversions(t *testing.T) {
	r := gsh(t, `TIMEFORMAT='T %x %M %F %m %I %O %w %c'; time sh -c 'exit 7'; echo $?`)
	v := reportLine(t, r.stderr)
	if len(v) != 8 || v[0] != 7 || v[1] <= 0 || v[3] <= 0 {
		t.Errorf("report %v from %q", v, r.stderr)
	}
	if r.stdout != "7\n" {
		t.Errorf("status after time: %q", r.stdout)
	}
	// %x of a signal is 128+n, like $?.
	r = gsh(t, `TIMEFORMAT='T %x'; time sh -c 'kill -TERM $$'`)
	if v := reportLine(t, r.stderr); v[0] != 143 {
		t.Errorf("%%x after SIGTERM: %v", v)
	}
}

func TestTimes(t *testing.T) {
	r := gsh(t, `$H burn 200; times`)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	rx := regexp.MustCompile(`^(\d+)m(\d+\.\d{3})s (\d+)m(\d+\.\d{3})s$`)
	if len(lines) != 2 {
		t.Fatalf("times printed %q", r.stdout)
	}
	var cpu [2]float64
	for i, l := range lines {
		m := rx.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("times line %q", l)
		}
		um, _ := strconv.ParseFloat(m[1], 64)
		us, _ := strconv.ParseFloat(m[2], 64)
		sm, _ := strconv.ParseFloat(m[3], 64)
		ss, _ := strconv.ParseFloat(m[4], 64)
		cpu[i] = um*60 + us + sm*60 + ss
	}
	h := helperReports(t, r.stderr)
	if want := h[0].cpu(); cpu[1] < want-0.002 || cpu[1] > want+0.05 {
		t.Errorf("children's time %.3f, the helper used %.3f", cpu[1], want)
	}
}
