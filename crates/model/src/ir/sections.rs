//! The non-proxy sections: userlist, peers, resolvers, mailers, http-errors,
//! ring, cache, program, log-forward, fcgi-app.

#[derive(Clone, Debug, Default)]
pub struct Sections {}
