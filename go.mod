module gsh

go 1.26.0

require (
	golang.org/x/sys v0.50.0
	mvdan.cc/sh/v3 v3.14.1
)

require github.com/creack/pty v1.1.24 // indirect
