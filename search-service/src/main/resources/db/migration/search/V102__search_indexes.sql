-- Keywords of one or two characters (자바, 면접, Go) and some symbols (C++): pg_trgm makes no
-- trigram of them, so the trigram indexes of V100 could only be read whole. These gram indexes
-- hold every character and every pair of characters of the lower-cased text: a text that contains
-- the keyword has its first two characters (StudyQuery, docs/search.md).

-- Every character and every pair of consecutive characters of lower(t). lower() follows the
-- database's collation (builtin C.UTF-8, see deploy/local Databases), as pg_trgm's does.
create function search_grams(t text) returns text[]
    language plpgsql immutable strict parallel safe
as $$
declare
    l     text := lower(t);
    n     int  := length(l);
    grams text[] := '{}';
begin
    for i in 1 .. n loop
        grams := grams || substr(l, i, 1);
        if i < n then
            grams := grams || substr(l, i, 2);
        end if;
    end loop;
    return grams;
end
$$;

create index search_study_title_grams on search_study using gin (search_grams(post_title));
create index search_study_name_grams on search_study using gin (search_grams(study_name));
