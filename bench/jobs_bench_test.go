package bench

// Job control figures (issue 3), one gsh (and bash) run per benchmark:
//
//	go test ./bench -run '^$' -bench Jobs -benchtime 1x
//
// Each reports its figure as a metric; ns/op is the whole run (set-up
// included) and means little. Targets: Ctrl-Z to prompt under 20 ms
// (median of 20), 1,000 background sleeps within 1.1x bash's time with
// no zombie left, `jobs` with 1,000 jobs under 50 ms.

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// term is gsh on a pseudo-terminal, read by a goroutine.
type term struct {
	cmd  *exec.Cmd
	pty  *os.File
	mu   sync.Mutex
	out  bytes.Buffer
	seen int
	more chan struct{} // a value after each read
}

func startTerm(b *testing.B) *term {
	cmd := exec.Command(gshBinary(b), "--norc", "-i")
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + b.TempDir(), "TERM=xterm", "PS1=$ ", "LC_ALL=C"}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 24, Cols: 80})
	if err != nil {
		b.Fatal(err)
	}
	t := &term{cmd: cmd, pty: f, more: make(chan struct{}, 1)}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			t.mu.Lock()
			t.out.Write(buf[:n])
			t.mu.Unlock()
			select {
			case t.more <- struct{}{}:
			default:
			}
			if err != nil {
				return
			}
		}
	}()
	b.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	})
	t.expect(b, regexp.MustCompile(`\$ `))
	return t
}

// expect waits for re in the output not yet consumed, and consumes it.
func (t *term) expect(b *testing.B, re *regexp.Regexp) {
	deadline := time.After(30 * time.Second)
	for {
		t.mu.Lock()
		rest := t.out.Bytes()[t.seen:]
		if loc := re.FindIndex(rest); loc != nil {
			t.seen += loc[1]
			t.mu.Unlock()
			return
		}
		t.mu.Unlock()
		select {
		case <-t.more:
		case <-deadline:
			b.Fatalf("timed out waiting for %q; output %q", re, t.out.String()[t.seen:])
		}
	}
}

// procState returns the state letter, process group and terminal
// foreground group of pid.
func procState(pid int) (state byte, pgrp, tpgid int, ok bool) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, 0, false
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	pgrp, _ = strconv.Atoi(f[2])
	tpgid, _ = strconv.Atoi(f[5])
	return f[0][0], pgrp, tpgid, true
}

// childSleep finds gsh's child running sleep.
func childSleep(gsh int) int {
	files, _ := os.ReadDir("/proc")
	for _, e := range files {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		s := string(data)
		if !strings.Contains(s, "(sleep)") {
			continue
		}
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		if ppid, _ := strconv.Atoi(f[1]); ppid == gsh {
			return pid
		}
	}
	return 0
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// BenchmarkJobsCtrlZ: from the Ctrl-Z key to the next prompt, with a
// foreground `sleep 100`, median of 20 tries on a pty.
func BenchmarkJobsCtrlZ(b *testing.B) {
	t := startTerm(b)
	stopped := regexp.MustCompile(`Stopped +sleep 100\r\n(?s:.*?)\$ `)
	prompt := regexp.MustCompile(`\$ `)
	var lat []time.Duration
	for i := 0; i < b.N; i++ {
		for try := 0; try < 20; try++ {
			t.pty.WriteString("sleep 100\r")
			var sl int
			deadline := time.Now().Add(30 * time.Second)
			for {
				if sl = childSleep(t.cmd.Process.Pid); sl != 0 {
					if st, pg, tpg, ok := procState(sl); ok && st == 'S' && pg == tpg {
						break
					}
				}
				if time.Now().After(deadline) {
					b.Fatal("sleep did not start in the foreground")
				}
				time.Sleep(time.Millisecond)
			}
			t0 := time.Now()
			t.pty.WriteString("\x1a")
			t.expect(b, stopped)
			lat = append(lat, time.Since(t0))
			t.pty.WriteString("kill -9 %%\r")
			t.expect(b, prompt)
			for deadline := time.Now().Add(30 * time.Second); ; {
				if _, _, _, ok := procState(sl); !ok {
					break
				}
				if time.Now().After(deadline) {
					b.Fatal("kill -9 %% did not end the stopped sleep")
				}
				time.Sleep(time.Millisecond)
			}
		}
	}
	b.ReportMetric(float64(median(lat).Microseconds())/1000, "ms-median")
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "ms-max")
}

// runShell runs a script with a shell and returns its output and time.
func runShell(b *testing.B, shell, script string) (string, time.Duration) {
	cmd := exec.Command(shell, "-c", script)
	cmd.Env = []string{"PATH=/usr/local/bin:/usr/bin:/bin", "LC_ALL=C"}
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	d := time.Since(t0)
	if err != nil {
		b.Fatalf("%s: %v\n%s", shell, err, out)
	}
	return string(out), d
}

// BenchmarkJobsBackground1000: `for i in $(seq 1000); do sleep 0.5 &
// done; wait`, gsh against bash; after the wait the shell must have no
// child left, zombies included.
func BenchmarkJobsBackground1000(b *testing.B) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		b.Skip("no bash to compare with")
	}
	// Builtins only after the wait: a child that reads the list would be
	// in it.
	script := `for i in $(seq 1000); do sleep 0.5 & done; wait
left=; for f in /proc/$$/task/*/children; do read -r c < "$f"; left="$left$c"; done; echo "left:$left"`
	var g, h time.Duration
	for i := 0; i < b.N; i++ {
		out, d := runShell(b, gshBinary(b), script)
		if strings.TrimSpace(out) != "left:" {
			b.Fatalf("gsh left children: %q", out)
		}
		g += d
		_, d = runShell(b, bash, script)
		h += d
	}
	b.ReportMetric(g.Seconds()/float64(b.N), "s-gsh")
	b.ReportMetric(h.Seconds()/float64(b.N), "s-bash")
	b.ReportMetric(float64(g)/float64(h), "gsh/bash")
}

// BenchmarkJobsList1000: `jobs` with 1,000 jobs (job control on, as
// interactive), median of 20 calls, output to /dev/null.
func BenchmarkJobsList1000(b *testing.B) {
	script := `set -m; for i in $(seq 1000); do sleep 60 & done
for k in $(seq 20); do s=$EPOCHREALTIME; jobs >/dev/null; e=$EPOCHREALTIME; echo "$s $e"; done
test "$(jobs | wc -l)" = 1000 || echo missing jobs
kill $(jobs -p); wait`
	var per []time.Duration
	for i := 0; i < b.N; i++ {
		out, _ := runShell(b, gshBinary(b), script)
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var s, e float64
			if _, err := fmt.Sscan(line, &s, &e); err != nil {
				b.Fatalf("output %q", out)
			}
			per = append(per, time.Duration((e-s)*1e9))
		}
	}
	b.ReportMetric(float64(median(per).Microseconds())/1000, "ms-median")
}
