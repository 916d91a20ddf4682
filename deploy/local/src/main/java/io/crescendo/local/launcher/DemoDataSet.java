package io.crescendo.local.launcher;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The demo data set: eight developers and 24 studies over every category, Korean and English, with
 * join requests (approved, rejected, pending) and a few assignments. Dates are days from "today"
 * (Asia/Seoul on the services' clock), so the data set is valid whenever it is loaded.
 */
public final class DemoDataSet {

  /** The category names every installation has (API-v1 §5.4.1). */
  public static final List<String> CATEGORIES =
      List.of("Frontend", "Backend", "Mobile", "Embedded", "AI", "DevOps", "Interview", "Etc");

  /** A demo account; every one has the password {@link DemoData#PASSWORD}. */
  public record User(String email, String username) {}

  /** What the leader does with a join request. */
  public enum Decision {
    APPROVED,
    REJECTED,
    PENDING
  }

  /** The head image uploaded with a study. */
  public enum Image {
    NONE,
    PNG,
    JPEG
  }

  /**
   * A join request.
   *
   * @param user index into {@link #USERS}
   */
  public record Join(int user, Decision decision, String message) {}

  /** An assignment the leader posts (plain text). */
  public record Assignment(String title, String content) {}

  /**
   * A study.
   *
   * @param leader index into {@link #USERS}
   * @param deadlineInDays recruitment ends this many days after today; {@code startInDays} and
   *     {@code endInDays} likewise (today &lt; deadline &lt; start &lt; end)
   */
  public record Study(
      int leader,
      String postTitle,
      String studyName,
      String postContent,
      List<String> categories,
      List<String> tags,
      int memberLimit,
      int deadlineInDays,
      int startInDays,
      int endInDays,
      Image image,
      List<Join> joins,
      List<Assignment> assignments) {

    public LocalDate deadline(LocalDate today) {
      return today.plusDays(deadlineInDays);
    }

    public LocalDate startDate(LocalDate today) {
      return today.plusDays(startInDays);
    }

    public LocalDate endDate(LocalDate today) {
      return today.plusDays(endInDays);
    }

    /** Members after the leader's decisions, leader included. */
    public int memberCount() {
      return 1 + count(Decision.APPROVED);
    }

    public int count(Decision decision) {
      return (int) joins.stream().filter(j -> j.decision() == decision).count();
    }

    /** Full once the decisions are made, so listed as closed. */
    public boolean full() {
      return memberCount() >= memberLimit;
    }
  }

  // Indexes into USERS, so that the studies below read like a story.
  static final int MINJUN = 0;
  static final int SEOYEON = 1;
  static final int JIHO = 2;
  static final int ALEX = 3;
  static final int SUA = 4;
  static final int EMILY = 5;
  static final int HAEUN = 6;
  static final int JUN = 7;

  /** demo1 … demo8 {@code @crescendo.local}; usernames 2–10 Hangul, Latin letters or digits. */
  public static final List<User> USERS =
      List.of(
          new User("demo1@crescendo.local", "김민준"),
          new User("demo2@crescendo.local", "이서연"),
          new User("demo3@crescendo.local", "박지호"),
          new User("demo4@crescendo.local", "Alex"),
          new User("demo5@crescendo.local", "최수아"),
          new User("demo6@crescendo.local", "Emily"),
          new User("demo7@crescendo.local", "정하은"),
          new User("demo8@crescendo.local", "JunPark"));

  public static final List<Study> STUDIES = studies();

  private DemoDataSet() {}

  private static List<Study> studies() {
    List<Study> all = new ArrayList<>();

    // ---- Frontend
    all.add(
        study(MINJUN, "React 19 스터디 함께 하실 분 모집합니다", "리액트 딥다이브")
            .categories("Frontend")
            .tags("React", "TypeScript", "프론트엔드")
            .limit(6)
            .days(7, 10, 70)
            .image(Image.PNG)
            .post(
                ko(
                    "React 19에서 새로 들어온 Server Components, Actions, <strong>use 훅</strong>을"
                        + " 공식 문서와 소스 코드로 깊게 파 보는 스터디입니다.",
                    List.of(
                        "매주 화요일 저녁 9시, 디스코드에서 1시간 30분",
                        "주차별 발표자 1명이 정리 자료 공유",
                        "마지막 2주는 작은 프로젝트로 마무리"),
                    "React로 실무 또는 토이 프로젝트를 한 번 이상 해 보신 분이면 좋아요."))
            .join(SEOYEON, Decision.APPROVED, "리액트 훅을 제대로 이해하고 싶어서 신청합니다!")
            .join(
                ALEX, Decision.APPROVED, "I use React at work every day; happy to present a week.")
            .join(EMILY, Decision.PENDING, "Would love to join, I'm learning Korean too :)")
            .join(JUN, Decision.REJECTED, "프론트는 처음인데 괜찮을까요?")
            .assignment(
                "1주차: Server Components 정리",
                "공식 문서의 Server Components 장을 읽고, 클라이언트 컴포넌트와의 차이를 한 페이지로 정리해 오세요.")
            .build());
    all.add(
        study(ALEX, "Next.js App Router study: build a blog together", "Next.js Builders")
            .categories("Frontend")
            .tags("Nextjs", "React", "SSR")
            .limit(4)
            .days(5, 8, 50)
            .post(
                en(
                    "Six weeks to ship a real blog with the Next.js App Router: layouts, server"
                        + " actions, caching and deployment.",
                    List.of(
                        "Thursdays 8 pm KST on Zoom",
                        "Pair-programming sessions every other weekend",
                        "Each member deploys their own blog by week six"),
                    "You know some React and want to learn how modern SSR really works."))
            .join(MINJUN, Decision.APPROVED, "블로그를 하나 만들고 싶었는데 딱이네요!")
            .join(JIHO, Decision.PENDING, "I can help with CSS and design.")
            .build());
    all.add(
        study(HAEUN, "웹 접근성과 디자인 시스템 스터디", "a11y 디자인시스템")
            .categories("Frontend", "Etc")
            .tags("접근성", "Storybook", "CSS")
            .limit(5)
            .days(10, 14, 84)
            .image(Image.JPEG)
            .post(
                ko(
                    "스크린 리더로 직접 써 보면서 <em>모두가 쓸 수 있는</em> 컴포넌트 라이브러리를 만들어 봅니다.",
                    List.of("WCAG 2.2 한 챕터씩 읽기", "Storybook으로 버튼·모달·탭 구현", "서로의 컴포넌트 접근성 리뷰"),
                    "디자이너, 퍼블리셔, 프론트엔드 개발자 모두 환영합니다."))
            .build());

    // ---- Backend
    all.add(
        study(SEOYEON, "스프링 부트 4와 코틀린으로 백엔드 스터디원 모집", "스프링 마스터즈")
            .categories("Backend")
            .tags("Spring", "Kotlin", "JPA")
            .limit(8)
            .days(6, 9, 90)
            .image(Image.PNG)
            .post(
                ko(
                    "스프링 부트 4의 변경점을 따라가며 코틀린으로 작은 주문 서비스를 처음부터 만들어 봅니다.",
                    List.of("매주 토요일 오전 10시 강남역 스터디룸", "PR 리뷰는 주중에 GitHub에서", "12주 완주 목표"),
                    "자바나 코틀린으로 API를 만들어 본 경험이 있으면 충분합니다."))
            .join(MINJUN, Decision.APPROVED, "트랜잭션과 JPA를 확실히 잡고 싶습니다.")
            .join(JIHO, Decision.APPROVED, "코틀린 코루틴도 같이 보면 좋겠어요!")
            .join(SUA, Decision.APPROVED, "매주 빠지지 않고 참여하겠습니다.")
            .join(ALEX, Decision.REJECTED, "Is it okay if I can only join online?")
            .join(JUN, Decision.PENDING, "백엔드 취업 준비 중입니다. 열심히 할게요.")
            .assignment("1주차 과제: 도메인 모델링", "주문, 결제, 배송의 애그리거트 경계를 나누고 그 이유를 README에 적어 오세요.")
            .assignment(
                "2주차 과제: 트랜잭션 격리 수준", "READ COMMITTED와 REPEATABLE READ에서 생기는 현상을 테스트 코드로 재현해 보세요.")
            .build());
    all.add(
        study(EMILY, "Distributed systems reading group (DDIA)", "DDIA Readers")
            .categories("Backend", "Interview")
            .tags("DDIA", "Kafka", "database")
            .limit(6)
            .days(4, 7, 63)
            .post(
                en(
                    "We read <em>Designing Data-Intensive Applications</em>, one chapter a week,"
                        + " and discuss how it maps to the systems we run.",
                    List.of(
                        "Sundays 7 pm KST, 90 minutes",
                        "One person summarises, everyone brings a question",
                        "Optional labs with Kafka and PostgreSQL"),
                    "Backend engineers of any level. English or Korean, both are fine."))
            .join(SEOYEON, Decision.APPROVED, "이 책 혼자 읽다가 포기했어요. 같이 완독하고 싶습니다!")
            .join(ALEX, Decision.APPROVED, "Chapter 9 is my favourite, count me in.")
            .join(HAEUN, Decision.PENDING, "영어 토론은 아직 서툴지만 따라가 보겠습니다.")
            .build());
    all.add(
        study(JUN, "Go로 만드는 REST API 사이드 프로젝트 스터디", "고퍼 클럽")
            .categories("Backend")
            .tags("Go", "REST", "PostgreSQL")
            .limit(4)
            .days(8, 12, 60)
            .post(
                ko(
                    "Go 표준 라이브러리만으로 REST API를 만들고, 테스트와 배포까지 해 봅니다.",
                    List.of("격주 수요일 온라인 코드 리뷰", "net/http, database/sql로 직접 구현", "마지막 주에 데모 데이"),
                    "다른 언어로 서버를 만들어 본 분이라면 누구나."))
            .join(JIHO, Decision.PENDING, "Go는 처음이지만 서버 개발 경험은 있습니다.")
            .join(SUA, Decision.REJECTED, "주말에만 시간이 되는데 괜찮을까요?")
            .build());

    // ---- Mobile
    all.add(
        study(JIHO, "플러터로 3개월 안에 앱 출시하기", "플러터 런칭 스터디")
            .categories("Mobile")
            .tags("Flutter", "Dart", "앱출시")
            .limit(5)
            .days(6, 10, 100)
            .image(Image.JPEG)
            .post(
                ko(
                    "각자 아이디어 하나를 정해서 <strong>스토어 출시</strong>까지 가는 것이 목표입니다.",
                    List.of("매주 월요일 진행 상황 공유", "디자인·상태 관리·배포를 주제별로 학습", "출시 후 회고"),
                    "끝까지 완주할 의지가 있는 분이면 경험은 상관없어요."))
            .join(MINJUN, Decision.APPROVED, "가계부 앱을 출시해 보고 싶습니다.")
            .join(EMILY, Decision.APPROVED, "I have a Flutter side project that needs a push!")
            .join(HAEUN, Decision.PENDING, "디자인 쪽으로 도움 드릴 수 있어요.")
            .build());
    all.add(
        study(ALEX, "SwiftUI Study: from basics to the App Store", "SwiftUI Crew")
            .categories("Mobile")
            .tags("SwiftUI", "iOS")
            .limit(3)
            .days(5, 9, 56)
            .post(
                en(
                    "A small group working through SwiftUI and shipping one TestFlight build each.",
                    List.of(
                        "Wednesdays 9 pm KST",
                        "Apple's tutorials first, then our own apps",
                        "Code reviews on GitHub"),
                    "You have a Mac and a lot of curiosity."))
            .join(JUN, Decision.APPROVED, "iOS 개발자로 전향하려고 합니다!")
            .join(SEOYEON, Decision.APPROVED, "I shipped one UIKit app and want to learn SwiftUI.")
            .join(SUA, Decision.REJECTED, "맥북이 아직 없는데 괜찮을까요?")
            .build());
    all.add(
        study(SUA, "안드로이드 Jetpack Compose 입문 스터디", "컴포즈 입문반")
            .categories("Mobile")
            .tags("Android", "Compose", "Kotlin")
            .limit(6)
            .days(9, 13, 69)
            .post(
                ko(
                    "XML 레이아웃에서 Compose로 넘어가는 분들을 위한 스터디입니다.",
                    List.of("공식 Codelab 순서대로 진행", "매주 작은 화면 하나씩 만들기", "마지막에 앱 하나로 합치기"),
                    "안드로이드 앱을 한 번이라도 만들어 보셨다면 환영해요."))
            .join(JIHO, Decision.PENDING, "Compose로 사내 앱을 옮기는 중이에요.")
            .build());

    // ---- Embedded
    all.add(
        study(HAEUN, "라즈베리파이로 스마트홈 만들기 스터디", "임베디드 메이커스")
            .categories("Embedded")
            .tags("RaspberryPi", "IoT", "Python")
            .limit(4)
            .days(7, 11, 60)
            .image(Image.PNG)
            .post(
                ko(
                    "온습도 센서, 릴레이, 카메라를 붙여서 집 안의 작은 불편을 하나씩 해결해 봅니다.",
                    List.of("격주 토요일 오프라인 메이커 스페이스", "부품은 공동 구매", "MQTT로 대시보드 연결"),
                    "납땜을 못 해도 괜찮아요. 같이 배워요!"))
            .join(JUN, Decision.APPROVED, "베란다 화분 자동 급수기를 만들고 싶어요.")
            .join(MINJUN, Decision.PENDING, "펌웨어는 처음인데 파이썬은 자신 있습니다.")
            .build());
    all.add(
        study(JUN, "Rust on microcontrollers with embedded-hal", "Embedded Rust")
            .categories("Embedded")
            .tags("Rust", "STM32", "embedded")
            .limit(5)
            .days(6, 10, 66)
            .post(
                en(
                    "Blink an LED, then drive sensors and displays from an STM32 board, all in safe"
                        + " Rust.",
                    List.of(
                        "Saturdays 2 pm KST, online",
                        "The Embedded Rust Book as the guide",
                        "Everyone buys the same Nucleo board"),
                    "Some Rust or C experience helps; curiosity matters more."))
            .join(ALEX, Decision.APPROVED, "I've done Arduino in C++, ready for Rust.")
            .join(EMILY, Decision.PENDING, "Can I join with an ESP32 instead?")
            .build());
    all.add(
        study(MINJUN, "RTOS 기초부터 차근차근 공부해요", "RTOS 스터디")
            .categories("Embedded", "Interview")
            .tags("RTOS", "C", "FreeRTOS")
            .limit(3)
            .days(12, 15, 75)
            .post(
                ko(
                    "태스크, 스케줄러, 세마포어를 FreeRTOS 소스로 따라가며 임베디드 면접까지 준비합니다.",
                    List.of("매주 목요일 온라인", "개념 정리 후 면접 질문 5개씩", "보드 없이 QEMU로 실습"),
                    "C 언어 포인터가 익숙한 분이면 좋아요."))
            .build());

    // ---- AI
    all.add(
        study(SUA, "LLM 애플리케이션 개발 스터디 (RAG, 에이전트)", "LLM 실전반")
            .categories("AI")
            .tags("LLM", "RAG", "Python")
            .limit(10)
            .days(5, 8, 64)
            .image(Image.JPEG)
            .post(
                ko(
                    "문서 검색 챗봇부터 도구를 쓰는 에이전트까지, LLM 서비스를 직접 만들어 보는 스터디입니다.",
                    List.of("매주 일요일 저녁 8시", "임베딩, 벡터 DB, 평가 방법을 차례로", "팀별 미니 프로젝트 발표"),
                    "파이썬으로 API를 호출해 본 분이면 충분합니다."))
            .join(MINJUN, Decision.APPROVED, "사내 문서 검색 봇을 만들어 보고 싶어요.")
            .join(SEOYEON, Decision.APPROVED, "RAG 평가 방법이 특히 궁금합니다.")
            .join(JIHO, Decision.APPROVED, "에이전트 쪽을 맡아 볼게요!")
            .join(EMILY, Decision.PENDING, "I work on search ranking, happy to share.")
            .join(JUN, Decision.REJECTED, "머신러닝 기초가 없는데 들어가도 될까요?")
            .assignment("임베딩 모델 비교하기", "한국어 문장 20개로 임베딩 모델 두 개의 유사도 검색 결과를 비교하고 표로 정리해 주세요.")
            .build());
    all.add(
        study(EMILY, "Deep Learning Paper Study: Transformers and beyond", "Paper Club")
            .categories("AI")
            .tags("PyTorch", "Transformers")
            .limit(6)
            .days(7, 10, 80)
            .post(
                en(
                    "One influential paper every week, from <em>Attention Is All You Need</em> to"
                        + " recent work, with a small PyTorch reproduction.",
                    List.of(
                        "Tuesdays 9 pm KST",
                        "A rotating presenter, 30 minutes of slides",
                        "Reproduction notebooks shared on GitHub"),
                    "Comfortable with linear algebra and basic PyTorch."))
            .join(SUA, Decision.APPROVED, "논문 읽는 습관을 만들고 싶어요.")
            .join(HAEUN, Decision.PENDING, "I'd like to present the ViT paper.")
            .build());
    all.add(
        study(SEOYEON, "캐글 입문 스터디, 타이타닉부터 시작해요", "캐글 뽀개기")
            .categories("AI", "Etc")
            .tags("Kaggle", "pandas", "머신러닝")
            .limit(5)
            .days(9, 12, 54)
            .post(
                ko(
                    "캐글 입문 대회를 함께 풀며 데이터 분석의 기본기를 다집니다.",
                    List.of("매주 노트북 하나씩 제출", "서로의 피처 엔지니어링 리뷰", "마지막엔 진행 중인 대회 하나 도전"),
                    "pandas를 조금이라도 써 보셨다면 환영합니다."))
            .join(ALEX, Decision.REJECTED, "Could we do this one in English?")
            .join(JUN, Decision.PENDING, "데이터 분석 직무로 이직 준비 중입니다.")
            .build());

    // ---- DevOps
    all.add(
        study(JIHO, "쿠버네티스 CKA 자격증 합격 스터디", "CKA 합격반")
            .categories("DevOps")
            .tags("Kubernetes", "CKA", "자격증")
            .limit(6)
            .days(6, 9, 60)
            .image(Image.PNG)
            .post(
                ko(
                    "8주 안에 CKA 합격을 목표로 실습 위주로 준비합니다.",
                    List.of("매주 수요일 실습 세션", "killer.sh 모의고사 2회", "트러블슈팅 문제 집중 연습"),
                    "리눅스 명령어에 익숙하고 8주 동안 시간을 낼 수 있는 분."))
            .join(SEOYEON, Decision.APPROVED, "다음 달에 시험 접수했습니다!")
            .join(EMILY, Decision.APPROVED, "I run k8s at work but never took the exam.")
            .join(MINJUN, Decision.PENDING, "쿠버네티스는 처음이라 많이 배우고 싶어요.")
            .assignment(
                "kubeadm으로 클러스터 구성하기", "VM 세 대로 컨트롤 플레인 1대, 워커 2대 클러스터를 만들고 과정을 캡처해서 공유해 주세요.")
            .build());
    all.add(
        study(ALEX, "Terraform and AWS infrastructure study", "IaC Weekly")
            .categories("DevOps", "Backend")
            .tags("Terraform", "AWS")
            .limit(4)
            .days(5, 8, 50)
            .post(
                en(
                    "Build a production-like AWS setup with Terraform: VPC, ECS, RDS and CI.",
                    List.of(
                        "Mondays 8 pm KST",
                        "Everyone works in their own free-tier account",
                        "Module reviews in pull requests"),
                    "You have deployed something to a cloud before."))
            .join(HAEUN, Decision.APPROVED, "테라폼 모듈 설계를 배우고 싶습니다.")
            .join(SUA, Decision.PENDING, "AWS SAA 자격증 있어요!")
            .build());
    all.add(
        study(EMILY, "GitHub Actions로 CI/CD 파이프라인 만들기", "CI 장인들")
            .categories("DevOps")
            .tags("GitHubActions", "Docker", "CICD")
            .limit(2)
            .days(4, 7, 35)
            .post(
                ko(
                    "테스트, 이미지 빌드, 배포까지 자동화된 파이프라인을 둘이서 빠르게 만들어 봅니다.",
                    List.of("주 2회 짧게 온라인", "재사용 가능한 워크플로 만들기", "캐시로 빌드 시간 줄이기"),
                    "한 명만 더 모집해요!"))
            .join(JUN, Decision.APPROVED, "사이드 프로젝트에 바로 적용해 보고 싶어요.")
            .build());

    // ---- Interview
    all.add(
        study(MINJUN, "코딩테스트 대비 알고리즘 스터디 (매일 1문제)", "알고리즘 매일반")
            .categories("Interview")
            .tags("알고리즘", "코딩테스트", "백준")
            .limit(8)
            .days(5, 7, 60)
            .image(Image.JPEG)
            .post(
                ko(
                        "매일 한 문제씩 풀고 인증하는 스터디입니다. 주말에는 모여서 풀이를 공유해요.",
                        List.of("평일 매일 1문제 인증", "토요일 오전 풀이 리뷰", "3번 빠지면 자동 탈퇴"),
                        "상반기 공채를 준비하는 분이라면 누구나.")
                    + "<pre class=\"ql-syntax\" spellcheck=\"false\">def solve():\n"
                    + "    n = int(input())\n"
                    + "    print(n * (n + 1) // 2)\n"
                    + "</pre>")
            .join(JIHO, Decision.APPROVED, "매일 꾸준히 하는 습관을 들이고 싶습니다.")
            .join(SUA, Decision.APPROVED, "골드 달성이 목표예요!")
            .join(HAEUN, Decision.APPROVED, "파이썬으로 풀어도 되나요? 열심히 할게요.")
            .join(SEOYEON, Decision.PENDING, "C++로 참여하고 싶습니다.")
            .assignment("1주차: 그래프 탐색 5문제", "BFS 3문제, DFS 2문제를 풀고 풀이 링크와 시간 복잡도를 남겨 주세요.")
            .build());
    all.add(
        study(HAEUN, "System design interview study group", "Design Interviews")
            .categories("Interview", "Backend")
            .tags("SystemDesign", "interview")
            .limit(5)
            .days(8, 11, 53)
            .post(
                en(
                    "Mock system design interviews: one interviewer, one candidate, everyone gives"
                        + " feedback.",
                    List.of(
                        "Fridays 9 pm KST",
                        "Classic problems first: URL shortener, chat, news feed",
                        "A shared checklist we improve every week"),
                    "Preparing for senior or mid-level backend interviews."))
            .join(MINJUN, Decision.REJECTED, "신입인데 참여해도 될까요?")
            .join(
                EMILY,
                Decision.PENDING,
                "I interview candidates at work, happy to play interviewer.")
            .build());
    all.add(
        study(SUA, "CS 기술면접 스터디 (운영체제, 네트워크)", "CS 면접반")
            .categories("Interview")
            .tags("CS", "운영체제", "네트워크")
            .limit(6)
            .days(7, 10, 52)
            .post(
                ko(
                    "자주 나오는 CS 면접 질문을 주제별로 정리하고 서로 모의 면접을 봐 줍니다.",
                    List.of("주제: 운영체제, 네트워크, 데이터베이스", "매주 질문 리스트 10개", "녹화한 모의 면접 피드백"),
                    "신입·주니어 개발자 면접을 준비하는 분."))
            .join(JUN, Decision.APPROVED, "네트워크 파트가 약해서 꼭 참여하고 싶어요.")
            .join(JIHO, Decision.PENDING, "모의 면접 상대가 필요했습니다!")
            .build());

    // ---- Etc
    all.add(
        study(SEOYEON, "개발자 영어 회화 스터디", "Dev English")
            .categories("Etc")
            .tags("영어", "회화")
            .limit(6)
            .days(6, 9, 65)
            .image(Image.PNG)
            .post(
                ko(
                    "스탠드업, 코드 리뷰, 기술 발표를 영어로 연습합니다. 원어민 멤버도 함께해요.",
                    List.of("매주 화·목 아침 8시 30분, 30분씩", "상황별 표현 정리", "월 1회 5분 영어 발표"),
                    "영어 실력보다 꾸준함이 중요해요."))
            .join(ALEX, Decision.APPROVED, "Native speaker here, happy to help!")
            .join(
                EMILY, Decision.APPROVED, "I'll bring real code review comments to practise with.")
            .build());
    all.add(
        study(JUN, "Open source contribution study: first PR in 4 weeks", "First PR")
            .categories("Etc", "Backend")
            .tags("opensource", "GitHub")
            .limit(5)
            .days(5, 8, 36)
            .post(
                en(
                    "Pick a project, find a good first issue, and get your first pull request merged"
                        + " within four weeks.",
                    List.of(
                        "Week 1: choosing a project and reading CONTRIBUTING",
                        "Weeks 2 and 3: working on issues together",
                        "Week 4: review and merge party"),
                    "Anyone who has used Git; no open source experience needed."))
            .join(MINJUN, Decision.PENDING, "오픈소스 기여를 꼭 해 보고 싶었어요.")
            .join(JIHO, Decision.APPROVED, "I maintain a small library and can mentor.")
            .build());
    all.add(
        study(JIHO, "기술 블로그 글쓰기 스터디", "글쓰는 개발자")
            .categories("Etc")
            .tags("글쓰기", "블로그")
            .limit(4)
            .days(10, 13, 55)
            .post(
                ko(
                    "2주에 한 편, 배운 것을 글로 남기고 서로 피드백을 주고받습니다.",
                    List.of("격주 일요일 마감", "글마다 두 명이 리뷰", "좋은 글은 함께 홍보"),
                    "글솜씨보다 꾸준히 쓰고 싶은 마음이면 충분해요."))
            .join(HAEUN, Decision.PENDING, "회고 글을 꾸준히 쓰고 싶어요.")
            .build());
    return List.copyOf(all);
  }

  /** Quill-style HTML of a Korean recruitment post. */
  static String ko(String intro, List<String> plan, String who) {
    return post("스터디 소개", intro, "진행 방식", plan, "이런 분을 찾아요", who, "편하게 신청해 주세요! 🙌");
  }

  /** Quill-style HTML of an English recruitment post. */
  static String en(String intro, List<String> plan, String who) {
    return post(
        "About", intro, "How it works", plan, "Who we are looking for", who, "See you there!");
  }

  private static String post(
      String aboutHeading,
      String intro,
      String planHeading,
      List<String> plan,
      String whoHeading,
      String who,
      String closing) {
    return "<h2>"
        + aboutHeading
        + "</h2><p>"
        + intro
        + "</p><h2>"
        + planHeading
        + "</h2><ol>"
        + plan.stream().map(item -> "<li>" + item + "</li>").collect(Collectors.joining())
        + "</ol><h2>"
        + whoHeading
        + "</h2><blockquote>"
        + who
        + "</blockquote><p class=\"ql-align-center\"><strong>"
        + closing
        + "</strong></p>";
  }

  private static StudyBuilder study(int leader, String postTitle, String studyName) {
    return new StudyBuilder(leader, postTitle, studyName);
  }

  private static final class StudyBuilder {
    private final int leader;
    private final String postTitle;
    private final String studyName;
    private String postContent;
    private List<String> categories = List.of();
    private List<String> tags = List.of();
    private int memberLimit;
    private int deadline;
    private int start;
    private int end;
    private Image image = Image.NONE;
    private final List<Join> joins = new ArrayList<>();
    private final List<Assignment> assignments = new ArrayList<>();

    private StudyBuilder(int leader, String postTitle, String studyName) {
      this.leader = leader;
      this.postTitle = postTitle;
      this.studyName = studyName;
    }

    StudyBuilder categories(String... names) {
      categories = List.of(names);
      return this;
    }

    StudyBuilder tags(String... names) {
      tags = List.of(names);
      return this;
    }

    StudyBuilder limit(int memberLimit) {
      this.memberLimit = memberLimit;
      return this;
    }

    /** Deadline, start and end date in days from today. */
    StudyBuilder days(int deadline, int start, int end) {
      this.deadline = deadline;
      this.start = start;
      this.end = end;
      return this;
    }

    StudyBuilder image(Image image) {
      this.image = image;
      return this;
    }

    StudyBuilder post(String html) {
      this.postContent = html;
      return this;
    }

    StudyBuilder join(int user, Decision decision, String message) {
      joins.add(new Join(user, decision, message));
      return this;
    }

    StudyBuilder assignment(String title, String content) {
      assignments.add(new Assignment(title, content));
      return this;
    }

    Study build() {
      return new Study(
          leader,
          postTitle,
          studyName,
          postContent,
          categories,
          tags,
          memberLimit,
          deadline,
          start,
          end,
          image,
          List.copyOf(joins),
          List.copyOf(assignments));
    }
  }
}
