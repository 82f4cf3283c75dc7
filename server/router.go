package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// newRouter builds the gin engine with every route.
func newRouter(opt Options) (*gin.Engine, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	if err := r.SetTrustedProxies(opt.TrustedProxies); err != nil {
		return nil, err
	}
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	return r, nil
}
