// Command timehelper uses known amounts of CPU, memory, block output and
// context switches, then prints what it used by its own getrusage, so
// that tests can compare gsh's `time` figures with the truth.
//
//	timehelper burn MS | mem MB | write MB FILE | yield N ...
//
// Steps run in order. The report goes to standard error, never to a
// file, because writing a file would add to the blocks written:
//
//	timehelper: pid=N utime=US stime=US maxrss=KB minflt=N majflt=N inblock=N oublock=N nvcsw=N nivcsw=N
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

func main() {
	args := os.Args[1:]
	var keep [][]byte
	for len(args) > 0 {
		n := 0
		if len(args) > 1 {
			n, _ = strconv.Atoi(args[1])
		}
		switch args[0] {
		case "burn": // spin until this process has used n ms of CPU
			for cpu() < time.Duration(n)*time.Millisecond {
				for i := 0; i < 100000; i++ {
				}
			}
			args = args[2:]
		case "mem": // touch n MiB that stay allocated
			b := make([]byte, n<<20)
			for i := 0; i < len(b); i += 4096 {
				b[i] = 1
			}
			keep = append(keep, b)
			args = args[2:]
		case "write": // write n MiB to a file and flush it to the disk
			f, err := os.Create(args[2])
			if err != nil {
				fail(err)
			}
			buf := make([]byte, 1<<20)
			for i := 0; i < n; i++ {
				if _, err := f.Write(buf); err != nil {
					fail(err)
				}
			}
			if err := f.Sync(); err != nil {
				fail(err)
			}
			f.Close()
			args = args[3:]
		case "yield": // n short sleeps: n voluntary context switches at least
			for i := 0; i < n; i++ {
				time.Sleep(time.Millisecond)
			}
			args = args[2:]
		default:
			fail(fmt.Errorf("unknown step %q", args[0]))
		}
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Fprintf(os.Stderr, "timehelper: pid=%d utime=%d stime=%d maxrss=%d minflt=%d majflt=%d inblock=%d oublock=%d nvcsw=%d nivcsw=%d\n",
		os.Getpid(), us(ru.Utime), us(ru.Stime), ru.Maxrss, ru.Minflt, ru.Majflt, ru.Inblock, ru.Oublock, ru.Nvcsw, ru.Nivcsw)
	runtime.KeepAlive(keep)
}

func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(us(ru.Utime)+us(ru.Stime)) * time.Microsecond
}

func us(tv syscall.Timeval) int64 { return tv.Sec*1e6 + tv.Usec }

func fail(err error) {
	fmt.Fprintln(os.Stderr, "timehelper:", err)
	os.Exit(2)
}
