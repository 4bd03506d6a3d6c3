//! `words!`: a closed set of words shared by server and browser (an enum with its stored
//! word, a parser and a Korean label), the shape every area's model uses for such sets.

/// `words!(Doc Name { Variant = "WORD" / "라벨", … })`.
#[macro_export]
macro_rules! words {
    ($(#[$m:meta])* $name:ident { $($v:ident = $s:literal / $label:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $s)] $v),+ }
        // Written out rather than derived: the derive does not see the `rename` of a word
        // that comes through the macro and would document the variant names instead.
        #[cfg(feature = "ssr")]
        impl ::utoipa::PartialSchema for $name {
            fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                ::utoipa::openapi::ObjectBuilder::new()
                    .schema_type(::utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($s),+]))
                    .description(Some(concat!($($s, " ", $label, "; "),+)))
                    .into()
            }
        }
        #[cfg(feature = "ssr")]
        impl ::utoipa::ToSchema for $name {}
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            pub fn as_str(self) -> &'static str { match self { $($name::$v => $s),+ } }
            pub fn parse(s: &str) -> Option<Self> { Self::ALL.iter().copied().find(|v| v.as_str() == s) }
            pub fn label(self) -> &'static str { match self { $($name::$v => $label),+ } }
        }
    };
}
