create table member_claim (email varchar(320) primary key);
