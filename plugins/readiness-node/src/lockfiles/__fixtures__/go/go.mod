module github.com/example/seed-service

go 1.21

toolchain go1.21.3

require (
	github.com/example/shared v0.3.0
	github.com/gin-gonic/gin v1.9.1
	github.com/golang-jwt/jwt/v4 v4.5.0
	golang.org/x/crypto v0.14.0 // indirect
	golang.org/x/net v0.17.0 // indirect
	gopkg.in/yaml.v3 v3.0.1 // indirect
)

require github.com/docker/docker v24.0.6+incompatible

require "github.com/stretchr/testify" v1.8.4

replace github.com/example/shared => ../shared

replace golang.org/x/net v0.17.0 => golang.org/x/net v0.18.0

replace (
	// Our fork carries the fix for a token validation bug.
	github.com/golang-jwt/jwt/v4 => github.com/example/jwt/v4 v4.5.1
	golang.org/x/crypto v0.13.0 => golang.org/x/crypto v0.15.0
)

exclude golang.org/x/crypto v0.13.0

retract v0.1.0 // published by mistake
