package tests

// gsh's time figures against what the processes used by their own
// account (testdata/timehelper reports its getrusage before it exits).
// Tolerances: a process's exit adds a little system time after its own
// report, and the shell's part (fork, wait) a little more; both stay far
// below the margins on a busy two-core machine, since CPU time, unlike
// real time, does not grow with load.

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// helperReport is one timehelper report.
type helperReport struct {
	pid                              int
	utime, stime                     float64 // seconds
	maxrss, minflt, majflt, inb, oub int64
	nvcsw, nivcsw                    int64
}

func (h helperReport) cpu() float64 { return h.utime + h.stime }

var helperRx = regexp.MustCompile(`timehelper: pid=(\d+) utime=(\d+) stime=(\d+) maxrss=(\d+) minflt=(\d+) majflt=(\d+) inblock=(\d+) oublock=(\d+) nvcsw=(\d+) nivcsw=(\d+)`)

// helperReports returns the reports found in stderr, in order.
func helperReports(t *testing.T, stderr string) []helperReport {
	t.Helper()
	var out []helperReport
	for _, m := range helperRx.FindAllStringSubmatch(stderr, -1) {
		n := make([]int64, len(m))
		for i := 1; i < len(m); i++ {
			n[i], _ = strconv.ParseInt(m[i], 10, 64)
		}
		out = append(out, helperReport{pid: int(n[1]), utime: float64(n[2]) / 1e6, stime: float64(n[3]) / 1e6,
			maxrss: n[4], minflt: n[5], majflt: n[6], inb: n[7], oub: n[8], nvcsw: n[9], nivcsw: n[10]})
	}
	if len(out) == 0 {
		t.Fatalf("no helper report in %q", stderr)
	}
	return out
}

// Fields of the report format used below.
const usageFormat = `TIMEFORMAT='T %3R %3U %3S %M %F %m %I %O %w %c %x'`

type usage struct {
	real, user, sys                               float64
	maxrss, majflt, minflt, inb, oub, vcsw, ivcsw int64
	status                                        int
}

func parseUsage(t *testing.T, stderr string) usage {
	t.Helper()
	v := reportLine(t, stderr)
	if len(v) != 11 {
		t.Fatalf("report %v", v)
	}
	i := func(k int) int64 { return int64(v[k]) }
	return usage{v[0], v[1], v[2], i(3), i(4), i(5), i(6), i(7), i(8), i(9), int(v[10])}
}

func TestTimeCPUOfOneProcess(t *testing.T) {
	r := gsh(t, usageFormat+"; time $H burn 300")
	u, h := parseUsage(t, r.stderr), helperReports(t, r.stderr)[0]
	got := u.user + u.sys
	if got < h.cpu()-0.002 || got > h.cpu()+0.04 {
		t.Errorf("user+sys %.3f, the helper used %.3f", got, h.cpu())
	}
	if u.user < h.utime-0.002 {
		t.Errorf("user %.3f below the helper's %.3f", u.user, h.utime)
	}
	if u.vcsw < h.nvcsw || u.minflt < h.minflt {
		t.Errorf("counters %+v below the helper's %+v", u, h)
	}
}

func TestTimePipelineSumsStages(t *testing.T) {
	r := gsh(t, usageFormat+"; time $H burn 150 | $H burn 250 mem 48 | $H mem 16")
	u, hs := parseUsage(t, r.stderr), helperReports(t, r.stderr)
	if len(hs) != 3 {
		t.Fatalf("reports: %v", hs)
	}
	var cpu float64
	var rss, minflt int64
	for _, h := range hs {
		cpu += h.cpu()
		rss = max(rss, h.maxrss)
		minflt += h.minflt
	}
	if got := u.user + u.sys; got < cpu-0.003 || got > cpu+0.06 {
		t.Errorf("user+sys %.3f, the stages used %.3f", got, cpu)
	}
	// Max RSS is the largest stage's, not a sum: 48 MiB, not 64.
	if u.maxrss < rss || u.maxrss > rss+2048 || u.maxrss < 48<<10 {
		t.Errorf("max RSS %d KB, largest stage %d KB", u.maxrss, rss)
	}
	if u.minflt < minflt {
		t.Errorf("minor faults %d, the stages had %d", u.minflt, minflt)
	}
}

func TestTimeBlocksWritten(t *testing.T) {
	dir, tried := blockCountingDir(t)
	if dir == "" {
		t.Skipf("no directory on a file system that counts written blocks; tried %s", strings.Join(tried, ", "))
	}
	r := gshIn(t, dir, usageFormat+"; time $H write 8 out.bin")
	u, h := parseUsage(t, r.stderr), helperReports(t, r.stderr)[0]
	if h.oub == 0 {
		t.Fatalf("the helper counted no block written for 8 MiB in %s", dir)
	}
	if h.oub < 8<<11 {
		t.Errorf("the helper wrote %d blocks for 8 MiB", h.oub)
	}
	if u.oub < h.oub || u.oub > h.oub+64 {
		t.Errorf("blocks out %d, the helper wrote %d", u.oub, h.oub)
	}
}

// noBlockCountFS are file systems (statfs f_type) on which a process's
// writes count no blocks out: kept in memory, or written by another
// party (a host, a FUSE daemon).
var noBlockCountFS = map[uint32]string{0x01021994: "tmpfs", 0x858458f6: "ramfs", 0x01021997: "9p", 0x65735546: "fuse"}

// blockCountingDir returns a new directory, removed at the test's end, on
// a file system that counts written blocks: the test's temporary
// directory, else one made under the user's cache directory or the
// module's (CI containers often keep /tmp in memory). With none, it
// returns "" and the directories tried.
func blockCountingDir(t *testing.T) (string, []string) {
	var tried []string
	counts := func(dir string) bool {
		var st unix.Statfs_t
		if err := unix.Statfs(dir, &st); err != nil {
			tried = append(tried, dir+" ("+err.Error()+")")
			return false
		}
		if fs, ok := noBlockCountFS[uint32(st.Type)]; ok {
			tried = append(tried, dir+" ("+fs+")")
			return false
		}
		return true
	}
	if dir := t.TempDir(); counts(dir) {
		return dir, nil
	}
	var parents []string
	if dir, err := os.UserCacheDir(); err == nil {
		parents = append(parents, dir)
	}
	if dir, err := moduleRoot(); err == nil {
		parents = append(parents, dir)
	}
	for _, p := range parents {
		if !counts(p) {
			continue
		}
		dir, err := os.MkdirTemp(p, "gsh-test-blocks-")
		if err != nil {
			tried = append(tried, p+" ("+err.Error()+")")
			continue
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		return dir, nil
	}
	return "", tried
}

func TestTimeContextSwitches(t *testing.T) {
	r := gsh(t, usageFormat+"; time $H yield 50")
	u, h := parseUsage(t, r.stderr), helperReports(t, r.stderr)[0]
	if h.nvcsw < 50 || u.vcsw < h.nvcsw || u.ivcsw < h.nivcsw {
		t.Errorf("voluntary %d involuntary %d, the helper had %d %d", u.vcsw, u.ivcsw, h.nvcsw, h.nivcsw)
	}
}

// A background job reaped while the timed command runs is not counted:
// bash, which subtracts RUSAGE_CHILDREN snapshots, counts it.
func TestTimeExcludesBackgroundJob(t *testing.T) {
	script := usageFormat + "; $H burn 300 & time wait $!"
	r := gsh(t, script)
	u, h := parseUsage(t, r.stderr), helperReports(t, r.stderr)[0]
	if h.cpu() < 0.3 {
		t.Fatalf("the helper used %.3f", h.cpu())
	}
	if u.user+u.sys > 0.03 {
		t.Errorf("gsh counted %.3f of a background job's %.3f", u.user+u.sys, h.cpu())
	}
	if _, err := os.Stat(bashPath); err == nil {
		b := runShell(t, bashPath, t.TempDir(), strings.Replace(script, " %M %F %m %I %O %w %c %x", "", 1)+"")
		v := reportLine(t, b.stderr)
		t.Logf("bash counts %.3f for the same (gsh %.3f)", v[1]+v[2], u.user+u.sys)
	}
}

// The shell's own work is measured per thread, so an in-process
// background job (a shell loop) does not count either.
func TestTimeExcludesInProcessBackgroundJob(t *testing.T) {
	r := gsh(t, usageFormat+`; loop() { local i=0; while ((i<150000)); do ((i++)); done; }
time loop
loop & time wait $!`)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 2 {
		t.Fatalf("stderr %q", r.stderr)
	}
	alone, bg := parseUsage(t, lines[0]), parseUsage(t, lines[1])
	if alone.user+alone.sys < 0.02 {
		t.Fatalf("the loop used only %.3f", alone.user+alone.sys)
	}
	if w := bg.user + bg.sys; w > (alone.user+alone.sys)/4 {
		t.Errorf("time wait counted %.3f; the loop alone used %.3f", w, alone.user+alone.sys)
	}
}

// Builtins, functions and in-process pipeline stages are counted from
// the shell's own usage: compare with what `times` says the whole shell
// used over the same interval (the CPU a piece of work takes varies too
// much on a shared machine to compare separate runs).
func TestTimeCountsShellWork(t *testing.T) {
	r := gsh(t, usageFormat+`; loop() { local i=0; while ((i<150000)); do ((i++)); done; }
loop; times >t0; time loop; times >t1; time loop | cat; times >t2; time { loop; loop; }; times >t3
cat t0 t1 t2 t3`)
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	out := strings.Split(r.stdout, "\n")
	if len(lines) != 3 || len(out) < 8 {
		t.Fatalf("stdout %q stderr %q", r.stdout, r.stderr)
	}
	self := func(line string) float64 {
		f := strings.Fields(line)
		return secs(t, f[0]) + secs(t, f[1])
	}
	for i, what := range []string{"a function", "a pipeline stage", "a group"} {
		u := parseUsage(t, lines[i])
		c := u.user + u.sys
		delta := self(out[2*i+2]) - self(out[2*i])
		// times counts the whole process, the garbage collector's
		// workers included; time counts the threads that ran the command.
		if c > delta+0.01 || c < delta/2-0.01 || c < 0.01 {
			t.Errorf("loop in %s: time says %.3f, the shell used %.3f meanwhile", what, c, delta)
		}
	}
}

// secs parses bash's 1m2.345s.
func secs(t *testing.T, s string) float64 {
	m, rest, ok := strings.Cut(strings.TrimSuffix(s, "s"), "m")
	if !ok {
		t.Fatalf("bad time %q", s)
	}
	mv, _ := strconv.ParseFloat(m, 64)
	sv, _ := strconv.ParseFloat(rest, 64)
	return mv*60 + sv
}

func TestTimeVerboseTable(t *testing.T) {
	r := gsh(t, `TIMEFORMAT='T %3U %3S %M %m %x'; time -v $H burn 100 | $H mem 16 | (sh -c 'kill -TERM $$'; exit 3)`)
	hs := helperReports(t, r.stderr)
	lines := strings.Split(r.stderr, "\n")
	head := -1
	for i, l := range lines {
		if strings.HasPrefix(strings.TrimLeft(l, " "), "PID") {
			head = i
		}
	}
	if head < 0 {
		t.Fatalf("no table in %q", r.stderr)
	}
	table := lines[head : len(lines)-1]
	// Columns: every row's fields end where the header's do.
	header := table[0]
	ends := []int{}
	for _, loc := range regexp.MustCompile(`\S+`).FindAllStringIndex(header, -1) {
		ends = append(ends, loc[1])
	}
	cmdCol := strings.Index(header, "COMMAND")
	for _, row := range table[1:] {
		for _, e := range ends[1 : len(ends)-1] {
			if e > len(row) || row[e-1] == ' ' || (e < len(row) && row[e] != ' ') {
				t.Errorf("row not aligned with the header at column %d:\n%s\n%s", e, header, row)
				break
			}
		}
		if len(row) <= cmdCol || row[cmdCol-1] != ' ' || row[cmdCol] == ' ' {
			t.Errorf("command column misplaced:\n%s\n%s", header, row)
		}
	}
	rows := map[string][]string{}
	for _, row := range table[1:] {
		f := strings.Fields(row)
		rows[f[len(f)-1]] = f
		if f[0] != "total" {
			rows[f[0]] = f
		}
	}
	for _, h := range hs {
		f := rows[strconv.Itoa(h.pid)]
		if f == nil {
			t.Errorf("no row for pid %d in\n%s", h.pid, strings.Join(table, "\n"))
			continue
		}
		user, _ := strconv.ParseFloat(f[3], 64)
		sys, _ := strconv.ParseFloat(f[4], 64)
		rss, _ := strconv.ParseInt(f[5], 10, 64)
		if f[1] != "0" || user+sys < h.cpu()-0.002 || user+sys > h.cpu()+0.03 || rss < h.maxrss || rss > h.maxrss+2048 {
			t.Errorf("row %v, the helper reported %+v", f, h)
		}
	}
	var sig []string
	for _, row := range table[1:] {
		if strings.Contains(row, "kill -TERM") {
			sig = strings.Fields(row)
		}
	}
	if sig == nil || sig[1] != "SIGTERM" {
		t.Errorf("no SIGTERM row in\n%s", strings.Join(table, "\n"))
	}
	total := rows["total"]
	sum := reportLine(t, r.stderr)
	// The total row has no PID: status real user sys maxrss majflt minflt ...
	if total == nil || total[0] != "3" || total[2] != strconv.FormatFloat(sum[0], 'f', 3, 64) ||
		total[4] != strconv.FormatInt(int64(sum[2]), 10) || total[6] != strconv.FormatInt(int64(sum[3]), 10) {
		t.Errorf("total %v, summary %v", total, sum)
	}
	if rows["(shell)"] == nil {
		t.Errorf("no row for the shell's part")
	}
}

// `time -v` leaves the syntax tree alone: a loop runs the same command
// every time, and a quoted '-v' is a command name.
func TestTimeVerboseParsing(t *testing.T) {
	r := gsh(t, `TIMEFORMAT=; for i in 1 2; do time -v echo $i; done; time '-v' x; time -p -v echo p; time -- -v`)
	if r.stdout != "1\n2\np\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	if n := strings.Count(r.stderr, "COMMAND"); n != 3 {
		t.Errorf("%d tables in %q", n, r.stderr)
	}
	if !strings.Contains(r.stderr, "-v: command not found") {
		t.Errorf("quoted -v and -v after -- should be commands: %q", r.stderr)
	}
}

// A child's max RSS includes the address space it had before exec, the
// shell's: a shell that grew and shrank again must not make every later
// process look as large as its old peak.
func TestTimeMaxRSSAfterShellShrank(t *testing.T) {
	r := gsh(t, `TIMEFORMAT='T %M'; x=$(head -c 100000000 /dev/zero | tr '\0' a); echo ${#x}; unset x; time $H mem 1`)
	if r.stdout != "100000000\n" {
		t.Fatalf("stdout %q", r.stdout)
	}
	v, h := reportLine(t, r.stderr), helperReports(t, r.stderr)[0]
	if int64(v[0]) < h.maxrss || v[0] > 40<<10 {
		t.Errorf("max RSS %v KB for a 1 MiB process (its own account: %d KB)", v[0], h.maxrss)
	}
}

// `time -v` before a compound command (which the parser library cannot
// parse with the option in place), in a function body and on several
// lines, and assignments after -v, which prefix the command.
func TestTimeVerboseCompound(t *testing.T) {
	r := gsh(t, "TIMEFORMAT=; time -v { echo brace; }; time -pv ( echo sub | cat )\n"+
		"f() { time -v for i in 1 2; do echo $i; done; }; f\n"+
		"time -v if true\nthen echo multi\nfi\n"+
		"time -v x=1 y=2 sh -c 'echo $x$y'; time -v z=3; echo z=$z\n"+
		"echo 'time -v { q'\n")
	if want := "brace\nsub\n1\n2\nmulti\n12\nz=3\ntime -v { q\n"; r.stdout != want {
		t.Errorf("stdout %q, want %q (stderr %q)", r.stdout, want, r.stderr)
	}
	if n := strings.Count(r.stderr, "COMMAND"); n != 6 {
		t.Errorf("%d tables, want 6, in %q", n, r.stderr)
	}
	if !strings.Contains(r.stderr, "real 0.0") {
		t.Errorf("-pv: no POSIX report in %q", r.stderr)
	}
	if r.status != 0 {
		t.Errorf("status %d", r.status)
	}
}
