//! The in-process HTTP client: signed requests over one keep-alive connection each, in
//! plain http or over TLS trusting only the bench's CA ([`tls`]).

use super::*;

/// Where requests go and how they are authenticated.
pub(crate) struct Target {
    pub(crate) addr: SocketAddr,
    pub(crate) host: String,
    pub(crate) token: String,
    pub(crate) key: SigningKey,
    /// Set when the server serves https (`FIN_HELPDESK_BENCH_TLS`).
    pub(crate) tls: Option<TlsConnector>,
}

impl Target {
    pub(crate) fn scheme(&self) -> &'static str {
        if self.tls.is_some() { "https" } else { "http" }
    }

    /// `http://127.0.0.1:port`, or `https://…` when it serves https.
    pub(crate) fn base_url(&self) -> String {
        format!("{}://{}", self.scheme(), self.addr)
    }

    /// A client for this target, over TLS when it serves https.
    pub(crate) fn client(&self) -> Client {
        Client::new(self.addr, self.tls.clone())
    }

    /// A request signed as Fin signs it: over the body, or over the query of a GET.
    pub(crate) fn request(
        &self,
        method: Method,
        path: &str,
        query: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<Request<Full<Bytes>>> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
            .unwrap_or_default();
        // The crate's signer: a write sent twice in a second is not taken for a replay.
        let (timestamp, signature) = match &body {
            Some(body) => self.key.sign_now(&SignedPayload::Body(body), now),
            None => self.key.sign_now(&SignedPayload::Query(query), now),
        };
        let uri = match query {
            Some(query) => format!("{path}?{query}"),
            None => path.to_string(),
        };
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, &self.host)
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
            .header("x-fin-request-timestamp", timestamp)
            .header("x-fin-signature", signature);
        if body.is_some() {
            builder = builder.header(header::CONTENT_TYPE, "application/json");
        }
        Ok(builder.body(Full::new(Bytes::from(body.unwrap_or_default())))?)
    }

    pub(crate) fn get(&self, path: &str, query: &str) -> Result<Request<Full<Bytes>>> {
        self.request(Method::GET, path, Some(query), None)
    }

    pub(crate) fn send_json(
        &self,
        method: Method,
        path: &str,
        body: &Value,
    ) -> Result<Request<Full<Bytes>>> {
        self.request(method, path, None, Some(serde_json::to_vec(body)?))
    }
}

/// One keep-alive HTTP/1.1 connection.
pub(crate) struct Conn {
    pub(crate) sender: SendRequest<Full<Bytes>>,
}

impl Conn {
    pub(crate) async fn open(addr: SocketAddr, tls: Option<&TlsConnector>) -> Result<Self> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        let sender = match tls {
            Some(connector) => {
                let stream = connector
                    .connect(tls::server_name(addr), stream)
                    .await
                    .map_err(|e| format!("TLS handshake: {e}"))?;
                http1_handshake(stream).await?
            }
            None => http1_handshake(stream).await?,
        };
        Ok(Conn { sender })
    }

    pub(crate) async fn send(
        &mut self,
        request: Request<Full<Bytes>>,
    ) -> Result<(StatusCode, Bytes)> {
        self.sender.ready().await?;
        let response = self.sender.send_request(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        Ok((status, body))
    }
}

/// HTTP/1.1 over `io`, its connection task spawned.
async fn http1_handshake<T>(io: T) -> Result<SendRequest<Full<Bytes>>>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(io))
        .await
        .map_err(|e| format!("handshake: {e}"))?;
    tokio::spawn(connection);
    Ok(sender)
}

/// A connection that reopens after a transport error.
pub(crate) struct Client {
    pub(crate) addr: SocketAddr,
    pub(crate) tls: Option<TlsConnector>,
    pub(crate) conn: Option<Conn>,
}

impl Client {
    pub(crate) fn new(addr: SocketAddr, tls: Option<TlsConnector>) -> Self {
        Client {
            addr,
            tls,
            conn: None,
        }
    }

    pub(crate) async fn send(
        &mut self,
        request: Request<Full<Bytes>>,
    ) -> Result<(StatusCode, Bytes)> {
        let conn = match &mut self.conn {
            Some(conn) => conn,
            None => self
                .conn
                .insert(Conn::open(self.addr, self.tls.as_ref()).await?),
        };
        let result = conn.send(request).await;
        if result.is_err() {
            self.conn = None;
        }
        result
    }

    /// Sends and insists on `expected`, returning the decoded JSON.
    pub(crate) async fn call(
        &mut self,
        request: Request<Full<Bytes>>,
        expected: StatusCode,
    ) -> Result<Value> {
        let what = format!("{} {}", request.method(), request.uri());
        let (status, body) = self.send(request).await?;
        if status != expected {
            return Err(format!(
                "{what}: {status}: {}",
                String::from_utf8_lossy(&body[..body.len().min(300)])
            )
            .into());
        }
        Ok(serde_json::from_slice(&body)?)
    }
}

pub(crate) fn str_field<'a>(value: &'a Value, pointer: &str) -> Result<&'a str> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("no string at {pointer} in {value}").into())
}

pub(crate) async fn fetch_token(addr: SocketAddr, tls: Option<TlsConnector>) -> Result<String> {
    let body = format!(
        "grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}"
    );
    let request = Request::post("/oauth/token")
        .header(header::HOST, addr.to_string())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Full::new(Bytes::from(body)))?;
    let token = Client::new(addr, tls).call(request, StatusCode::OK).await?;
    Ok(str_field(&token, "/access_token")?.to_string())
}
