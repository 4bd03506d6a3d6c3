//! `words!`: a closed set of words shared by server and browser (an enum with its stored
//! word, a parser and a Korean label), the shape every area's model uses for such sets.

/// `words!(Doc Name { Variant = "WORD" / "라벨", … })`.
#[macro_export]
macro_rules! words {
    ($(#[$m:meta])* $name:ident { $($v:ident = $s:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(::utoipa::ToSchema))]
        pub enum $name { $(#[serde(rename = $s)] $v),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$v => $s),+ } }
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|v| v.as_str() == s) }
            pub fn label(self) -> &'static str { match self { $($name::$v => $label),+ } }
        }
    };
}
